"""The base of every form: control characters are refused on every field before any other check runs.

A NUL byte reaching PostgreSQL is a DataError (a 500 and a stuck sync), so the refusal must come
before validators that query the database (unique names, phone in use).
"""
from flask_wtf import FlaskForm
from wtforms.validators import StopValidation

from webapp.security.text import describe_control_char, has_control_chars

MULTILINE_WIDGETS = ("TextArea",)


def _is_multiline(field):
    """Text areas may hold tab/newline/carriage return; every other input is a single line."""
    return type(field.widget).__name__ in MULTILINE_WIDGETS


def refuse_control_chars(form, field):
    """Field validator: a clear field error, and stop, when the submitted text holds a control character."""
    for text in _submitted_texts(field):
        if has_control_chars(text, multiline=_is_multiline(field)):
            field.errors[:] = []
            raise StopValidation(f"Remove the control character ({describe_control_char(text)}) "
                                 "from this field; it can't be saved.")


def _submitted_texts(field):
    """The text the field will use (after filters such as strip), else the raw strings it failed to coerce."""
    if isinstance(field.data, str):
        return [field.data]
    return [value for value in getattr(field, "raw_data", None) or [] if isinstance(value, str)]


class SafeForm(FlaskForm):
    """FlaskForm whose every field first refuses control characters (CSRF and all)."""

    class Meta:
        """WTForms merges this with FlaskForm's Meta, so super() below is FlaskForm's binding."""

        def bind_field(self, form, unbound_field, options):
            """Bind as usual, then put the control-character check first in the field's validators."""
            field = super().bind_field(form, unbound_field, options)
            field.validators = [refuse_control_chars, *field.validators]
            return field
