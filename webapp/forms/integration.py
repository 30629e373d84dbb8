"""Forms for the ActionKit area; validation rules come from the store so the CLI shares them."""
from webapp.forms.base import SafeForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from webapp.security.text import MAX_DB_ID
from webapp.store.integration_mappings import MappingError, check_option, options_for
from webapp.store.integration_settings import (PHONE_TYPES, SettingsError, check_opt_in_field,
                                               parse_phone_types)


def choices(pairs):
    """(value, label) pairs as SelectChoice objects (plain tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


PHONE_CHOICES = choices([("", "(none)")] + [(t, t.capitalize()) for t in PHONE_TYPES])


class ConnectForm(SafeForm):
    """Hostname + staff credentials; the password field never renders its value back."""

    hostname = StringField("ActionKit hostname", validators=[DataRequired(), Length(max=255)],
                           description="For example https://act.example.org")
    username = StringField("Staff username", validators=[DataRequired(), Length(max=255)])
    password = PasswordField("Staff password")  # required unless the embedded mode pre-fills it


class SettingsForm(SafeForm):
    """Opt-in userfield, phone types in preference order, create-users switch."""

    opt_in_field = SelectField("Opt-in userfield", validate_choice=False)
    phone_1 = SelectField("First choice", choices=PHONE_CHOICES)
    phone_2 = SelectField("Second choice", choices=PHONE_CHOICES)
    phone_3 = SelectField("Third choice", choices=PHONE_CHOICES)
    create_users = BooleanField("Create users in ActionKit")

    def __init__(self, *args, allowed_userfields=(), **kwargs):
        """Offer the allowed userfields plus the stored one, so a saved choice never silently vanishes."""
        super().__init__(*args, **kwargs)
        self.allowed_userfields = list(allowed_userfields)
        self.stored_opt_in = (kwargs.get("obj") and kwargs["obj"].opt_in_field) or ""
        current = self.opt_in_field.data or self.stored_opt_in
        names = self.allowed_userfields + ([current] if current and current not in allowed_userfields else [])
        self.opt_in_field.choices = choices([("", "Choose a userfield…")] + [(n, n) for n in names])

    def opt_in_change(self):
        """The new opt-in field to save, or None when staff left it as stored (nothing to check or write)."""
        value = (self.opt_in_field.data or "").strip()
        if value == self.stored_opt_in and (value or not self.allowed_userfields):
            return None
        return value

    def fill_phone_types(self, types):
        """Show the stored order in the three selects."""
        for field, value in zip((self.phone_1, self.phone_2, self.phone_3), list(types) + ["", "", ""]):
            field.data = value

    def phone_types(self):
        """The chosen phone types in order, blanks skipped."""
        return [f.data for f in (self.phone_1, self.phone_2, self.phone_3) if f.data]

    def validate_opt_in_field(self, field):
        """A new choice must be an allowed userfield; the stored one may stay (also before any list is fetched)."""
        if self.opt_in_change() is None:
            return
        try:
            check_opt_in_field(field.data, self.allowed_userfields)
        except SettingsError as exc:
            raise ValidationError(str(exc)) from exc

    def validate_phone_1(self, field):
        """An ordered subset of mobile/work/home without repeats (none chosen = the defaults)."""
        try:
            parse_phone_types(self.phone_types())
        except SettingsError as exc:
            raise ValidationError(str(exc)) from exc


def option_choices(mapping_or_name):
    """(machine name, label) pairs a field may use."""
    return choices((o.value, o.label) for o in options_for(mapping_or_name))


class MappingForm(SafeForm):
    """+ Add field: a member custom field, an allowed userfield, and a sync option."""

    custom_field = SelectField("Member custom field", coerce=int, validate_choice=False)
    userfield = SelectField("ActionKit userfield", validate_choice=False)
    option = SelectField("Sync option", choices=option_choices("custom"))

    def __init__(self, *args, custom_fields=(), userfields=(), **kwargs):
        """Choices come from the integration at request time, so the class can't declare them."""
        super().__init__(*args, **kwargs)
        self.custom_field.choices = choices([(0, "Choose a field…")] + [(f.id, f.name) for f in custom_fields])
        self.userfield.choices = choices([("", "Choose a userfield…")] + [(n, n) for n in userfields])

    def validate_custom_field(self, field):
        """An id no row can have (negative, past INTEGER) would overflow the driver when looked up."""
        if field.data is not None and not 0 <= field.data <= MAX_DB_ID:
            raise ValidationError("Choose a member custom field.")


class OptionForm(SafeForm):
    """Details dialog: change one mapping's sync option (email offers only its two)."""

    option = SelectField("Sync option")

    def __init__(self, *args, mapping=None, **kwargs):
        """Keep the mapping: which options are allowed depends on the field being mapped."""
        super().__init__(*args, **kwargs)
        self.mapping = mapping
        self.option.choices = option_choices(mapping)

    def validate_option(self, field):
        """Refuse options the field may not use, with the shared message."""
        try:
            check_option(self.mapping, field.data)
        except MappingError as exc:
            raise ValidationError(str(exc)) from exc


class ConfirmForm(SafeForm):
    """CSRF only, for bare POST buttons (activate, deactivate, retry)."""
