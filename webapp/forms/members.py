"""The member create/edit form: validates, then hands the store normalized values."""
from webapp.forms.base import SafeForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from webapp.forms.names import strip
from webapp.store.members import custom_values_of, phone_in_use
from webapp.rules import normalize_phone, normalize_zip

CUSTOM_PREFIX = "custom_"
CUSTOM_MAX = 1000
DUPLICATE_PHONE = "Another member already has this phone number"


def _text(label, max_length):
    """An optional, trimmed text input with a length limit."""
    return StringField(label, [Optional(), Length(max=max_length)], filters=[strip])


class MemberForm(SafeForm):
    """Core member fields; custom fields are added per request by member_form()."""

    first_name = _text("First name", 100)
    last_name = _text("Last name", 100)
    phone = StringField("Phone", [DataRequired("Enter a phone number.")], filters=[strip])
    email = StringField("Email", [Optional(), Length(max=254),
                                  Email("Enter a valid email address, like name@example.org.")],
                        filters=[strip])
    city = _text("City", 100)
    zip = StringField("Zip", [Optional()], filters=[strip])
    subscribed = BooleanField("Subscribed to texts")

    def __init__(self, *args, member=None, **kwargs):
        """Keep the member being edited so the phone check doesn't flag its own number."""
        super().__init__(*args, **kwargs)
        self.member = member

    def validate_phone(self, field):
        """A real number (checked with phonenumbers), owned by no other member."""
        phone = normalize_phone(field.data)
        if phone is None:
            raise ValidationError("Enter a valid phone number, like (415) 555-2671 or +44 20 7946 0958.")
        if phone_in_use(phone, self.member.id if self.member else None):
            raise ValidationError(DUPLICATE_PHONE)

    def validate_zip(self, field):
        """5 digits or ZIP+4, and a zip the US actually has."""
        result = normalize_zip(field.data)
        if not result.ok and result.error.startswith("unknown"):
            raise ValidationError(f"{field.data} is not a known US zip code.")
        if not result.ok:
            raise ValidationError("Enter a 5-digit zip code (ZIP+4 is fine too).")

    def member_values(self):
        """Normalized core values: E.164 phone, 5-digit zip, state (and blank city) from the zip."""
        values = {name: self[name].data or None for name in ("first_name", "last_name", "email", "city")}
        values["phone"] = normalize_phone(self.phone.data)
        values["subscribed"] = bool(self.subscribed.data)
        place = normalize_zip(self.zip.data) if self.zip.data else None
        values["zip"] = place.zip5 if place else None
        if place:
            values["state"] = place.state
            values["city"] = values["city"] or (place.city.title() if place.city else None)
        return values

    def custom_values(self):
        """Custom field values keyed by field id."""
        return {int(name[len(CUSTOM_PREFIX):]): field.data or ""
                for name, field in self._fields.items() if name.startswith(CUSTOM_PREFIX)}

    def custom_inputs(self):
        """The custom field inputs, in field id order, for templates."""
        return [field for name, field in self._fields.items() if name.startswith(CUSTOM_PREFIX)]


def member_form(fields, member=None):
    """Build the form with one text input per custom field, prefilled from the member."""
    attributes = {f"{CUSTOM_PREFIX}{field.id}": _text(field.name, CUSTOM_MAX) for field in fields}
    form_class = type("MemberFormWithCustomFields", (MemberForm,), attributes)
    data = {}
    if member is not None:
        data = {f"{CUSTOM_PREFIX}{field_id}": value for field_id, value in custom_values_of(member).items()}
    return form_class(obj=member, data=data, member=member)


class AddToGroupForm(SafeForm):
    """Pick one of the groups the member can join by hand."""

    group_id = SelectField("Group", coerce=int, validators=[DataRequired("Choose a group.")])

    def __init__(self, *args, groups=(), **kwargs):
        """Only the groups this member can join by hand are offered."""
        super().__init__(*args, **kwargs)
        self.group_id.choices = [(group.id, group.name) for group in groups]
