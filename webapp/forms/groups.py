"""Forms for the Groups area: naming a group and adding a member to it."""
from webapp.forms.base import SafeForm
from wtforms import StringField

from webapp.forms.names import NameForm, strip
from webapp.store import groups as store


class GroupNameForm(NameForm):
    """Create or rename a group."""

    rule = staticmethod(store.name_error)


class AddMemberForm(SafeForm):
    """Find a member by phone or email to add to the group (lookup happens in the view)."""

    who = StringField("Phone or email", filters=[strip])
