"""Merge tags: only the allowed variables print; anything else is a clear error and never renders."""
import pytest
from jinja2.exceptions import SecurityError

from webapp.flows.merge_tags import TemplateRefused, _environment, message_context, render_message, template_errors

CONTEXT = message_context("Ann", None, {"Neighborhood": "Downtown"}, "Save the Bees", {"shirt": ["L", "XL"]})


def test_allowed_tags_render():
    text = "Hi {{first_name}}{{ last_name }} of {{Neighborhood}}: {{page.title}} {{action.shirt}}|{{action.none}}"
    assert render_message(text, CONTEXT, ["Neighborhood"]) == "Hi Ann of Downtown: Save the Bees L, XL|"


@pytest.mark.parametrize("text, says", [
    ("Hi {{frist_name}}", "Unknown merge tag {{frist_name}}"),
    ("{{ page.url }}", "Unknown merge tag {{page.url}}"),
    ("{{ page }}", "Write {{page.title}}"),
    ("{{ action }}", "Write {{action.<field>}}"),
    ("{{ Neighborhood }}", "Unknown merge tag {{Neighborhood}}"),  # not a custom field of this list
    ("{{ first_name", "can't be read"),
])
def test_unknown_tags_are_form_errors_never_blanks(text, says):
    errors = template_errors(text, [])
    assert errors and says in errors[0]
    with pytest.raises(TemplateRefused):
        render_message(text, CONTEXT, [])


@pytest.mark.parametrize("escape", [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ page.__class__ }}",
    "{{ page.__init__.__globals__ }}",
    "{{ action._values }}",
    "{{ action.__dict__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ lipsum.__globals__ }}",
    "{{ config }}",
    "{{ self }}",
    "{{ first_name|attr('__class__') }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{% set x = 1 %}",
    "{{ range(10**9)|list }}",
])
def test_sandbox_escape_attempts_fail_closed(escape):
    assert template_errors(escape, ["Neighborhood"])
    with pytest.raises(TemplateRefused):
        render_message(escape, CONTEXT, ["Neighborhood"])


def test_the_sandbox_refuses_too_even_past_the_allow_list():
    with pytest.raises(SecurityError):
        _environment().from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render(CONTEXT)
