"""aksandbox: a small ActionKit REST API emulator (own Flask app; shares no code with webapp/).

In-process API (tests, benchmarks, the product's embedded mode)::

    from aksandbox.server import start_sandbox
    handle = start_sandbox(host="127.0.0.1", port=0, username="u", password="p", users=0, seed=1,
                           records_per_minute=1000, max_concurrency=0, fail_rate=0.0, latency_ms=0,
                           db_path=":memory:", quiet=True, window_seconds=60, tls_cert=None, tls_key=None)
    handle.base_url      # "http://127.0.0.1:54321" ("https://..." with tls_cert + tls_key; handle.scheme)
    handle.hostname      # "127.0.0.1:54321"
    handle.port, handle.auth (username, password), handle.url("/rest/v1/user/")
    handle.store         # aksandbox.store.Store: seed/inspect data (store.db.query(...), store.counts())
    handle.config        # SandboxConfig; records_per_minute etc. may be changed at runtime
    handle.stop()        # frees the port; also `with start_sandbox(...) as handle:`

    from aksandbox.testing import sandbox, client_session
    with sandbox(users=50, seed=7) as sb:          # records_per_minute defaults to 0 (off) here
        session = client_session(sb)               # requests.Session with auth + JSON headers

CLI::

    python -m aksandbox --host 127.0.0.1 --port 0 --username U --password P [--users N] [--seed S]
        [--records-per-minute R] [--window-seconds W] [--max-concurrency C] [--fail-rate F] [--latency-ms L]
        [--db PATH] [--tls-cert CERT.pem --tls-key KEY.pem]
    -> prints "aksandbox ready at http://127.0.0.1:PORT (N users)" once it accepts requests
       (https://... with --tls-cert/--tls-key; a bad pair exits 2 naming the file; see tls.py).

Choices where ActionKit is silent (the API notes, §15):
- Missing trailing slash -> 301 to the absolute slash URL (query kept) for EVERY verb.
- Absolute URLs (Location headers) use the scheme and host the request came in on (responses.absolute);
  meta.next/previous and resource_uri stay host-relative, as ActionKit sends them.
- Record budget: a sliding 60 s window (`window_seconds`, shorter in tests) of objects returned (a list page of 100 = 100, a detail,
  create, update, delete or empty list = 1). A request arriving when the window already holds
  `records_per_minute` records gets 429 with an empty body. In-flight REST requests above
  `max_concurrency` get 429 too. 0 disables either limit. Injected faults: 500 with
  {"error": "Sorry, this request could not be processed. Please try again later."} or an empty 503.
- PUT is a partial update like PATCH (answers 204).
- Only POST /rest/v1/action/ works without credentials (reduced body); WRONG credentials are 401
  there too. Every /rest/ answer that passed auth sets a `sid` cookie, as ActionKit does.
- Store helpers for tests: handle.store.create_user({"email": ..., "fields": {...}}),
  store.update_user(id, {...}), store.set_group_members(group_id, [ids], ts), store.counts(),
  store.db.query(sql, params) for inspection.
- Action processing: blank core fields never erase; `user_<name>` must be an alloweduserfield
  (400 errors body); signup/petition pages subscribe the user, import pages create users with
  subscription_status "never"; membership is changed with PATCH user {"groups": [uri, ...]}
  (replaces) or PUT /_sandbox/usergroups/<id>/members.

Control endpoints (same Basic auth, plain JSON, no REST quirks):
    GET|PUT /_sandbox/pages/<short name>/webhooks   {"urls": [...]}
    GET     /_sandbox/webhooks/deliveries            outcome of each webhook POST
    GET|PATCH /_sandbox/config                       records_per_minute, window_seconds, max_concurrency,
                                                     fail_rate, latency_ms, fault_mode, fault_host
    GET     /_sandbox/stats                          requests, records, throttled, by_status, by_endpoint
    POST    /_sandbox/reset                          clears the record window and stats
    GET|PUT /_sandbox/usergroups/<id>/members        {"user_ids": [...]}

Take-action pages (public, no credentials, like ActionKit's own pages):
    GET     /act/                                    every page, linked to its form
    GET|POST /act/<short name>/                      a form processed as POST /rest/v1/action/ (webhooks fire)

Fault modes (`fault_mode`, see hostile.py; "" = off): html, truncated_json, not_an_object,
objects_not_list, redirect and next_other_host (both to `fault_host`), next_loop, malformed_phones
(no `user`), phones_without_number, users_without_id, always_429, lost_write_answer (a write is
applied, then answered 500, as when ActionKit fails after taking an action).

Webhook payload (form-encoded POST after each action on the page):
    action_id, page (short name), user_id, akid, created_at.
"""
