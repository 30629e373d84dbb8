"""Forms for the Custom fields area."""
from webapp.forms.names import NameForm
from webapp.store import custom_fields as store


class FieldNameForm(NameForm):
    """Create or rename a custom field."""

    rule = staticmethod(store.name_error)
