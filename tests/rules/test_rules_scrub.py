"""scrub(): hostile bytes from ActionKit answers never reach the database."""
from webapp.rules import scrub


def test_nul_controls_and_lone_surrogates_go_everywhere_whitespace_stays():
    answer = {"first_name": "Ev\x00il", "fields": {"note\x1b": ["a\ud800b", "tab\tnew\nline\r"]}, "id": 7,
              "ok": True, "none": None, "c1": "x\x85y"}
    assert scrub(answer) == {"first_name": "Evil", "fields": {"note": ["ab", "tab\tnew\nline\r"]}, "id": 7,
                             "ok": True, "none": None, "c1": "xy"}


def test_plain_text_and_accents_are_untouched():
    assert scrub("José Ñúñez — “quoted” 😀") == "José Ñúñez — “quoted” 😀"
