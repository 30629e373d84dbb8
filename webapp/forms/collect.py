"""A texted reply to a collect-info step, checked by the member form's own field rules."""
from werkzeug.datastructures import MultiDict

from webapp.forms.members import CUSTOM_MAX, MemberForm, _text
from webapp.rules import normalize_zip

CORE_TARGETS = {"first_name": "first name", "last_name": "last name", "email": "email", "zip": "zip code"}


class CollectedValue:
    """A checked reply: the member values to write (core and custom), or the error to text back."""

    def __init__(self, values=None, custom=None, error=None):
        """Exactly one of values/custom is set when the reply is valid."""
        self.values, self.custom, self.error = values or {}, custom or {}, error


def _bound_form(name, text):
    """The member form (plus one custom input when needed) holding only this reply."""
    attributes = {} if name in CORE_TARGETS else {name: _text("Value", CUSTOM_MAX)}
    form_class = type("CollectForm", (MemberForm,), attributes)
    return form_class(formdata=MultiDict({name: text}), meta={"csrf": False})


def _field_error(form, name):
    """Run one field's validators and the form's inline check for it; the first error or None."""
    field = form[name]
    inline = getattr(type(form), f"validate_{name}", None)
    if not field.validate(form, extra_validators=[inline] if inline else []) and field.errors:
        return field.errors[0]
    if not field.data:
        return "That was empty; please reply with a value."
    return None


def check_collected(target, text, custom_field_id=None):
    """Validate a reply for target (a core field name, or "custom" with the field id) like the member form."""
    name = target if target in CORE_TARGETS else f"custom_{custom_field_id}"
    form = _bound_form(name, text or "")
    error = _field_error(form, name)
    if error:
        return CollectedValue(error=error)
    value = form[name].data
    if target == "zip":
        place = normalize_zip(value)
        return CollectedValue(values={"zip": place.zip5, "state": place.state})
    if target in CORE_TARGETS:
        return CollectedValue(values={target: value})
    return CollectedValue(custom={custom_field_id: value})
