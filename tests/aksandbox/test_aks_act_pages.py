"""Public take-action pages: the form asks for the page's past actionfields, a POST processes the action as
POST /rest/v1/action/ does and fires the page's webhooks; bad input re-shows the form and stores nothing."""
import html
import http.server
import threading
import urllib.parse

import pytest
import requests

from tests.aksandbox.helpers import Api


class Receiver(http.server.BaseHTTPRequestHandler):
    """Records every webhook POST it receives."""
    received = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        Receiver.received.append(urllib.parse.parse_qs(self.rfile.read(length).decode()))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Receiver.received = []
    yield f"http://127.0.0.1:{server.server_address[1]}/webhooks/actionkit/tok"
    server.shutdown()
    server.server_close()


def text(response):
    return html.unescape(response.text)


def action_count(api):
    return api.get("/rest/v1/action/", params={"_limit": 1}).json()["meta"]["total_count"]


def test_index_links_every_page_without_credentials(sandbox):
    response = requests.get(sandbox.url("/act/"), timeout=10)
    assert response.status_code == 200
    for name in ("sandbox-import", "volunteer-signup", "newsletter-signup", "save-the-library", "clean-air-now"):
        assert f'href="/act/{name}/"' in response.text


def test_form_asks_for_the_pages_past_actionfields_and_the_opt_in(sandbox):
    body = requests.get(sandbox.url("/act/volunteer-signup/"), timeout=10).text
    assert 'name="action_shift"' in body and 'name="action_volunteer"' in body
    assert 'name="user_sms_opt_in"' in body and 'name="email"' in body
    assert 'name="action_comment"' not in body  # only petition pages were commented on


def test_posting_processes_the_action_and_fires_the_webhooks(sandbox, receiver):
    api = Api(sandbox)
    assert api.put("/_sandbox/pages/volunteer-signup/webhooks", {"urls": [receiver]}).status_code == 200
    before = action_count(api)
    response = requests.post(sandbox.url("/act/volunteer-signup/"), timeout=10, data={
        "email": "walk.in@example.org", "first_name": "Walk", "last_name": "In", "mobile_phone": "(415) 867-5309",
        "zip": "94612", "user_sms_opt_in": "yes", "action_shift": "evening", "action_volunteer": "yes"})
    assert response.status_code == 200 and "Thanks! Action" in response.text
    assert action_count(api) == before + 1
    newest = api.get("/rest/v1/action/", params={"order_by": "-created_at", "_limit": 1}).json()["objects"][0]
    assert newest["fields"] == {"shift": "evening", "volunteer": "yes"}
    user = api.get(newest["user"]).json()
    assert (user["email"], user["fields"]["sms_opt_in"]) == ("walk.in@example.org", "yes")
    sandbox.state.webhooks.wait()
    assert [hook["action_id"] for hook in Receiver.received] == [[str(newest["id"])]]
    assert Receiver.received[0]["page"] == ["volunteer-signup"]


@pytest.mark.parametrize("data, message", [
    ({"email": "not-an-email"}, "Please enter a valid email address."),
    ({"email": "zip@example.org", "zip": "9461"}, "problem with what you entered for ZIP Code"),
    ({"first_name": "No email"}, "Please enter your email address."),
])
def test_bad_input_reshows_the_form_and_stores_nothing(sandbox, data, message):
    api = Api(sandbox)
    before = action_count(api)
    response = requests.post(sandbox.url("/act/save-the-library/"), data=data, timeout=10)
    assert response.status_code == 400 and message in text(response)
    assert action_count(api) == before
    for value in data.values():
        assert f'value="{value}"' in response.text  # what was typed is kept


def test_unknown_page_is_404(sandbox):
    assert requests.get(sandbox.url("/act/no-such-page/"), timeout=10).status_code == 404
    assert requests.post(sandbox.url("/act/no-such-page/"), data={"email": "a@example.org"}, timeout=10).status_code == 404


def test_typed_values_are_shown_escaped(sandbox):
    response = requests.post(sandbox.url("/act/save-the-library/"), timeout=10,
                             data={"email": "bad", "first_name": '<script>alert("x")</script>'})
    assert response.status_code == 400
    assert "<script>alert" not in response.text and "&lt;script&gt;alert" in response.text
