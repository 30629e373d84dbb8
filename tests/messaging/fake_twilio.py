"""A local fake of Twilio's Messages API over real HTTP: records each request, answers like Twilio."""
import base64
import hashlib
import hmac
import itertools
import threading

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

ACCOUNT_SID, AUTH_TOKEN = "AC" + "0" * 32, "fake-twilio-token"
REFUSED_NUMBER = "+15005550001"  # Twilio's magic "invalid number" test value


def twilio_signature(url, form, token=AUTH_TOKEN):
    """Twilio's webhook signature, written out from its documentation (URL, then sorted name+value pairs)."""
    data = url
    for name in sorted(form):
        data += name + form[name]
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


class FakeTwilio:
    """Serves POST /2010-04-01/Accounts/<sid>/Messages.json on a free port; `sent` holds what it got."""

    def __init__(self):
        self.sent, self.numbers = [], itertools.count(1)
        app = Flask("fake_twilio")
        app.add_url_rule("/2010-04-01/Accounts/<sid>/Messages.json", view_func=self._messages, methods=["POST"])
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def _messages(self, sid):
        auth = request.authorization
        if sid != ACCOUNT_SID or auth is None or (auth.username, auth.password) != (ACCOUNT_SID, AUTH_TOKEN):
            return jsonify(code=20003, message="Authenticate", status=401), 401
        self.sent.append(dict(request.form))
        if request.form.get("To") == REFUSED_NUMBER:
            return jsonify(code=21211, message="The 'To' number is not a valid phone number.", status=400), 400
        return jsonify(sid=f"SM{next(self.numbers):032d}", status="queued", to=request.form["To"]), 201

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)
