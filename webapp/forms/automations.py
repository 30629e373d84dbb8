"""The automation form: trigger, audience, the flow it starts, checked with the store's rules."""
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from webapp.forms.base import SafeForm
from webapp.forms.names import strip
from webapp.store import automations as store


class AutomationForm(SafeForm):
    """Create or edit an automation."""

    name = StringField("Name", filters=[strip])
    trigger = SelectField("Trigger", choices=list(store.TRIGGER_LABELS.items()))
    page_id = SelectField("ActionKit page", coerce=lambda v: int(v) if v not in (None, "", "None") else None)
    field = StringField("Only when this actionfield has a value (optional)", [Optional(), Length(max=128)],
                        filters=[strip])
    value = StringField("... containing (optional)", [Optional(), Length(max=255)], filters=[strip])
    keyword = StringField("Keyword", filters=[strip])
    audience = SelectField("Audience", choices=list(store.AUDIENCE_LABELS.items()))
    flow_id = SelectField("Flow it starts", coerce=lambda v: int(v) if v not in (None, "", "None") else None)
    enabled = BooleanField("Enabled", default=True)

    def __init__(self, *args, current=None, pages=(), flows=(), **kwargs):
        """Offer synced pages and existing flows; `current` is the automation being edited."""
        super().__init__(*args, **kwargs)
        self.current = current
        self.page_id.choices = [("", "Choose a synced page")] + [(p.id, p.title or p.name) for p in pages]
        self.flow_id.choices = [("", "Choose a flow")] + [(f.id, f.name) for f in flows]

    def validate_name(self, field):
        """The store's naming rule (trimmed, unique, bounded)."""
        error = store.name_error(field.data, self.current)
        if error:
            raise ValidationError(error)

    def validate_page_id(self, field):
        """A page trigger watches one synced page."""
        if self.trigger.data == "page_action" and not field.data:
            raise ValidationError("Choose the ActionKit page whose new actions start the flow.")

    def validate_keyword(self, field):
        """A keyword trigger needs one free, unreserved word."""
        if self.trigger.data != "keyword":
            return
        error = store.keyword_error(field.data or "", self.current)
        if error:
            raise ValidationError(error)

    def validate_trigger(self, field):
        """Only one default automation."""
        if field.data == "default":
            error = store.default_error(self.current)
            if error:
                raise ValidationError(error)

    def validate_flow_id(self, field):
        """Each automation starts one flow."""
        if not field.data:
            raise ValidationError("Choose the flow this automation starts.")

    def values(self):
        """What the store saves; inputs the trigger doesn't use are cleared."""
        trigger = self.trigger.data
        page_trigger = trigger == "page_action"
        return dict(name=self.name.data, trigger=trigger, audience=self.audience.data, flow_id=self.flow_id.data,
                    enabled=bool(self.enabled.data), page_id=self.page_id.data if page_trigger else None,
                    field=(self.field.data or None) if page_trigger else None,
                    value=(self.value.data or None) if page_trigger and self.field.data else None,
                    keyword=self.keyword.data if trigger == "keyword" else None)
