"""The inbox's forms: a staff reply and, in development, a simulated inbound text."""
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.forms.base import SafeForm

MAX_TEXT = 1600  # the longest message Twilio sends (ten segments)


class ReplyForm(SafeForm):
    """A text typed by staff; sent by a job like every other message."""

    body = TextAreaField("Reply", filters=[lambda text: (text or "").strip()],
                         validators=[DataRequired("Write the text to send."),
                                     Length(max=MAX_TEXT, message=f"A text can be at most {MAX_TEXT} characters.")])


class SimulateForm(SafeForm):
    """What the member "texts back" in development, routed exactly like a real inbound text."""

    body = TextAreaField("Simulated reply from the member", filters=[lambda text: (text or "").strip()],
                         validators=[DataRequired("Write the text the member sends."),
                                     Length(max=MAX_TEXT, message=f"A text can be at most {MAX_TEXT} characters.")])
