"""Public take-action pages, GET/POST /act/<page>/, as ActionKit hosts them: a person fills a form,
the action is processed exactly as POST /rest/v1/action/ processes it, and the page's webhooks fire.

They let someone trying the product act on a page by hand and watch the action arrive. No credentials,
like ActionKit's own pages (action processing is the one open endpoint).
"""
from flask import Blueprint, render_template_string, request

from . import actions
from .errors import ApiError, NotFound
from .seed_data import OPT_IN_FIELD
from .state import state

bp = Blueprint("act", __name__, url_prefix="/act")
USER_INPUTS = (("email", "Email", "email"), ("first_name", "First name", "text"), ("last_name", "Last name", "text"),
               ("mobile_phone", "Mobile phone", "tel"), ("zip", "ZIP code", "text"))

LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }} · ActionKit sandbox</title>
<style>body{font:16px system-ui,sans-serif;max-width:36em;margin:2em auto;padding:0 1em}label{display:block;
margin:.6em 0 .2em}input[type=text],input[type=email],input[type=tel]{width:100%;padding:.4em}
.error{color:#a00}.ok{color:#060}button{margin-top:1em;padding:.5em 1.2em}</style></head>
<body><main>{{ body|safe }}</main></body></html>"""

INDEX = """<h1>ActionKit sandbox pages</h1><p>Take an action on a page; its webhooks are notified.</p><ul>
{% for page in pages %}<li><a href="/act/{{ page.name }}/">{{ page.title }}</a> ({{ page.type }}, {{ page.name }})</li>
{% endfor %}</ul>"""

FORM = """<h1>{{ page.title }}</h1><p>Page <code>{{ page.name }}</code> ({{ page.type }}).
{% if hooks %}Webhooks: {{ hooks|length }} URL(s) will be notified.{% else %}No webhooks are set on this page.{% endif %}</p>
{% if done %}<p class="ok" role="status">Thanks! Action {{ done.id }} was recorded for user
{{ done.user.split('/')[-2] }}.</p>{% endif %}
{% for message in errors %}<p class="error" role="alert">{{ message }}</p>{% endfor %}
<form method="post">{% for name, label, kind in inputs %}
<label for="{{ name }}">{{ label }}</label><input id="{{ name }}" name="{{ name }}" type="{{ kind }}"
 value="{{ values.get(name, '') }}"{% if name == 'email' %} required{% endif %}>{% endfor %}
{% for name in fields %}<label for="action_{{ name }}">{{ name|replace('_', ' ')|capitalize }}</label>
<input id="action_{{ name }}" name="action_{{ name }}" type="text" value="{{ values.get('action_' ~ name, '') }}">
{% endfor %}{% if opt_in %}<label><input type="checkbox" name="user_{{ opt_in }}" value="yes"
{% if values.get('user_' ~ opt_in) %}checked{% endif %}> Send me text messages</label>{% endif %}
<button type="submit">Take action</button></form><p><a href="/act/">All pages</a></p>"""


def page_or_404(name):
    """The page row by short name, or a 404."""
    page = state().store.page_by_name(name)
    if page is None:
        raise NotFound()
    return page


def field_names(page):
    """Actionfield names already used on the page, so the form asks what its past actions answered."""
    rows = state().store.db.query("SELECT DISTINCT f.name FROM actionfields f JOIN actions a ON a.id = f.action_id "
                                  "WHERE a.page_id = ? ORDER BY f.name", (page["id"],))
    return [row[0] for row in rows]


def error_messages(exc):
    """Every message of an ActionKit error body, flattened to sentences."""
    found = []

    def walk(value):
        """Collect strings from nested dicts and lists."""
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif value:
            found.append(str(value))
    walk(exc.body)
    return found or [f"The action was refused ({exc.status})."]


def render(page, values=None, errors=(), done=None, status=200):
    """The page's form with what was typed, errors or the thank-you line."""
    store = state().store
    opt_in = OPT_IN_FIELD if OPT_IN_FIELD in store.allowed_field_names() else None
    body = render_template_string(FORM, page=page, inputs=USER_INPUTS, fields=field_names(page), opt_in=opt_in,
                                  values=values or {}, errors=errors, done=done, hooks=store.webhooks_for(page["id"]))
    return render_template_string(LAYOUT, title=page["title"], body=body), status


@bp.get("/")
def index():
    """Every page, linked to its form."""
    pages = state().store.db.query("SELECT name, title, type FROM pages ORDER BY id")
    return render_template_string(LAYOUT, title="Pages", body=render_template_string(INDEX, pages=pages))


@bp.route("/<name>/", methods=["GET", "POST"])
def act(name):
    """Show the page's form; a POST processes the action (and fires webhooks) or shows why it can't."""
    page = page_or_404(name)
    if request.method == "GET":
        return render(page)
    values = {key: value.strip() for key, value in request.form.items() if value.strip()}
    try:
        full, _reduced, _uri = actions.process_and_notify(state(), dict(values, page=page["name"]))
    except ApiError as exc:
        return render(page, values, errors=error_messages(exc), status=400)
    return render(page, done=full)
