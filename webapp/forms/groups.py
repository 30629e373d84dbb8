"""Forms for the Groups area: naming a group and adding a member to it."""
from flask_wtf import FlaskForm
from wtforms import StringField

from webapp.forms.names import NameForm, strip
from webapp.store import groups as store


class GroupNameForm(NameForm):
    """Create or rename a group."""

    rule = staticmethod(store.name_error)


class AddMemberForm(FlaskForm):
    """Find a member by phone or email to add to the group (lookup happens in the view)."""

    who = StringField("Phone or email", filters=[strip])
