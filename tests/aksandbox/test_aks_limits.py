"""Records-per-minute budget, concurrency cap, injected faults, latency, stats and reset."""
import concurrent.futures
import time

import requests

from tests.aksandbox.helpers import Api, start


def test_record_budget_counts_objects_and_answers_429():
    with start(users=120, seed=3, records_per_minute=150) as handle:
        api = Api(handle)
        assert api.get("/rest/v1/user/?_limit=100").status_code == 200
        assert api.get("/rest/v1/user/1/").status_code == 200
        stats = api.get("/_sandbox/stats").json()
        assert stats["records_in_window"] == 101
        assert api.get("/rest/v1/user/?_limit=50").status_code == 200   # 101 < 150: allowed, now 151
        throttled = api.get("/rest/v1/user/2/")
        assert throttled.status_code == 429 and throttled.text == ""
        stats = api.get("/_sandbox/stats").json()
        assert stats["throttled"] == 1 and stats["records"] == 151
        assert stats["by_endpoint"]["GET user"] == 4
        assert api.post("/_sandbox/reset").status_code == 200
        assert api.get("/rest/v1/user/2/").status_code == 200


def test_budget_can_be_changed_at_runtime():
    with start(users=5, seed=3) as handle:
        api = Api(handle)
        assert api.patch("/_sandbox/config", {"records_per_minute": 2}).json()["records_per_minute"] == 2
        codes = [api.get("/rest/v1/user/1/").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert api.patch("/_sandbox/config", {"bogus": 1}).status_code == 400
        assert "password" not in api.get("/_sandbox/config").json()


def test_concurrency_cap_answers_429():
    with start(users=5, seed=3, max_concurrency=2, latency_ms=300) as handle:
        api = Api(handle)
        with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
            codes = list(pool.map(lambda _: requests.get(api.url("/rest/v1/user/1/"), auth=api.session.auth,
                                                         timeout=5).status_code, range(6)))
        assert codes.count(200) >= 1 and codes.count(429) >= 1
        assert set(codes) <= {200, 429}
        assert api.get("/_sandbox/stats").json()["peak_concurrency"] >= 3


def test_injected_failures_are_500_json_or_503():
    with start(users=5, seed=3, fail_rate=0.5) as handle:
        api = Api(handle)
        responses = [api.get("/rest/v1/user/1/") for _ in range(60)]
        codes = {r.status_code for r in responses}
        assert codes == {200, 500, 503}
        for resp in responses:
            if resp.status_code == 500:
                assert resp.json() == {"error": "Sorry, this request could not be processed. Please try again later."}
        api.patch("/_sandbox/config", {"fail_rate": 0})
        assert all(api.get("/rest/v1/user/1/").status_code == 200 for _ in range(10))


def test_injected_failures_are_reproducible_per_seed():
    runs = []
    for _ in range(2):
        with start(users=1, seed=9, fail_rate=0.3) as handle:
            runs.append([Api(handle).get("/rest/v1/user/1/").status_code for _ in range(30)])
    assert runs[0] == runs[1] and set(runs[0]) != {200}


def test_latency_is_added():
    with start(users=1, seed=3, latency_ms=200) as handle:
        api = Api(handle)
        began = time.monotonic()
        assert api.get("/rest/v1/user/1/").status_code == 200
        assert time.monotonic() - began >= 0.2
        began = time.monotonic()
        api.get("/_sandbox/stats")
        assert time.monotonic() - began < 0.2
