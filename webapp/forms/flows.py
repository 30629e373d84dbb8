"""Flow forms: naming a flow, and one form per step (its kind decides which inputs count)."""
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from webapp.flows.merge_tags import template_errors
from webapp.forms.base import SafeForm
from webapp.forms.names import NameForm, strip
from webapp.store import flows as store

BODY_MAX = 1600
MAX_DELAY_MINUTES = 7 * 24 * 60
KIND_LABELS = {"message": "Message", "collect": "Collect info", "question": "Ask a question", "delay": "Delay"}
COLLECT_TARGETS = [("first_name", "First name"), ("last_name", "Last name"), ("email", "Email"), ("zip", "Zip")]


class FlowNameForm(NameForm):
    """Create or rename a flow."""

    rule = staticmethod(store.name_error)


class StepForm(SafeForm):
    """Every step input; validate_for(kind) checks the ones that kind uses and config() packs them."""

    body = TextAreaField("Text", [Optional(), Length(max=BODY_MAX)], filters=[strip])
    target = SelectField("Save the reply as", choices=COLLECT_TARGETS, default="first_name")
    style = SelectField("Answers", choices=[("yes_no", "Yes / No"), ("choice", "Multiple choice")], default="yes_no")
    invalid_message = StringField("Reply to an invalid answer", [Optional(), Length(max=320)], filters=[strip])
    days = IntegerField("Days", [Optional(), NumberRange(0, 7)], default=0)
    hours = IntegerField("Hours", [Optional(), NumberRange(0, 23)], default=0)
    minutes = IntegerField("Minutes", [Optional(), NumberRange(0, 59)], default=0)

    def __init__(self, *args, kind, tags=(), groups=(), flows=(), fields=(), **kwargs):
        """Choices come from the database: custom fields, manual groups, other flows."""
        super().__init__(*args, **kwargs)
        self.kind, self.tags = kind, list(tags)
        self.target.choices = COLLECT_TARGETS + [(f"custom:{field.id}", field.name) for field in fields]
        self.answer_choices = dict(fields=[("", "—")] + [(str(f.id), f.name) for f in fields],
                                   groups=[("", "—")] + [(str(g.id), g.name) for g in groups],
                                   flows=[("", "—")] + [(str(f.id), f.name) for f in flows])

    def validate_body(self, field):
        """Texts are required (except for a delay) and may only use the allowed merge tags."""
        if self.kind == "delay":
            return
        if not field.data:
            raise ValidationError("Enter the text to send.")
        errors = template_errors(field.data, self.tags)
        if errors:
            raise ValidationError(" ".join(errors))

    def validate_minutes(self, field):
        """A delay is between one minute and seven days."""
        if self.kind != "delay":
            return
        total = self.delay_minutes()
        if total < 1 or total > MAX_DELAY_MINUTES:
            raise ValidationError("A delay is at least 1 minute and at most 7 days.")

    def delay_minutes(self):
        """The delay the three inputs add up to."""
        return (self.days.data or 0) * 1440 + (self.hours.data or 0) * 60 + (self.minutes.data or 0)

    def config(self, answers=()):
        """The step's settings for its kind (answers come from answer_rows())."""
        invalid = self.invalid_message.data or ""
        if self.kind == "delay":
            return {"minutes": self.delay_minutes()}
        if self.kind == "collect":
            target, _, field_id = self.target.data.partition(":")
            config = {"target": target, "invalid_message": invalid}
            if field_id:
                config["field_id"] = int(field_id)
            return config
        if self.kind == "question":
            return {"style": self.style.data, "answers": list(answers), "invalid_message": invalid}
        return {}
