"""One form for "name this thing" dialogs; each area plugs in its store's naming rule."""
from webapp.forms.base import SafeForm
from wtforms import StringField
from wtforms.validators import ValidationError


def strip(value):
    """Trim text input (None stays None) so the rule and the saved value agree."""
    return value.strip() if isinstance(value, str) else value


class NameForm(SafeForm):
    """A single Name field checked by `rule(name, current)`, which returns an error or None."""

    name = StringField("Name", filters=[strip])
    rule = None

    def __init__(self, *args, current=None, **kwargs):
        """Keep the row being renamed so its own name doesn't count as taken."""
        super().__init__(*args, **kwargs)
        self.current = current

    def validate_name(self, field):
        """Defer to the store so views, jobs and CLI share one naming rule."""
        error = self.rule(field.data, self.current)
        if error:
            raise ValidationError(error)
