"""The ActionField group dialog: name, optional synced page, a field seen on synced pages, optional value."""
from wtforms import SelectField, StringField

from webapp.forms.base import SafeForm
from webapp.forms.integration import choices
from webapp.store.actionfield_groups import VALUE_MAX
from webapp.store.groups import NAME_MAX

ANY_PAGE = ""


class ActionFieldGroupForm(SafeForm):
    """Create or edit an actionfield group; the store checks every rule, so the CLI refuses the same inputs."""

    name = StringField("Group name", render_kw={"maxlength": NAME_MAX})
    page = SelectField("Page", validate_choice=False,
                       description="Actions on this synced page only, or on any synced page.")
    field = SelectField("Action field", validate_choice=False,
                        description="Only fields seen on synced pages' actions are offered.")
    value = StringField("Value contains (optional)", render_kw={"maxlength": VALUE_MAX},
                        description="Leave empty for any value; matched without regard to case.")

    def __init__(self, *args, pages=(), field_names=(), **kwargs):
        """Choices come from the stored pages and actions at request time."""
        super().__init__(*args, **kwargs)
        self.page.choices = choices([(ANY_PAGE, "Any synced page")] + [(str(i), name) for i, name in pages])
        self.field.choices = choices([("", "Choose a field…")] + [(n, n) for n in field_names])

    def page_id(self):
        """The chosen page's row id, None for any page (or an id no synced page has: the store refuses it)."""
        text = (self.page.data or "").strip()
        if text == ANY_PAGE:
            return None
        return int(text) if text.isdigit() and len(text) < 10 else -1
