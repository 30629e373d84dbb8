"""rules.keywords, table-tested: which texts are consent keywords, for subscribed and unsubscribed members."""
import pytest

from webapp.rules.keywords import consent_keyword

CASES = [
    # body, subscribed, expected
    ("STOP", True, "stop"), ("stop", False, "stop"), ("  Stop\n", True, "stop"), ("stop.", True, "stop"),
    ("STOPALL", True, "stop"), ("Unsubscribe", True, "stop"), ("cancel", True, "stop"), ("END", True, "stop"),
    ("quit!", True, "stop"), ("HELP", True, "help"), ("help", False, "help"),
    ("START", False, "start"), ("unstop", False, "start"), ("Yes", False, "start"),
    ("START", True, None), ("yes", True, None),  # a subscribed member's YES answers a flow's question
    ("please stop by", True, None), ("STOP STOP", True, None), ("stopp", True, None), ("", True, None),
    (None, True, None), ("S T O P", True, None), ("stop..", True, None), ("ARRÊT", True, None),
]


@pytest.mark.parametrize("body, subscribed, expected", CASES)
def test_consent_keyword(body, subscribed, expected):
    assert consent_keyword(body, subscribed) == expected
