"""Matching a texted reply to a question's answers: pure text rules, no database."""
import re

YES_WORDS = frozenset({"y", "yes", "yeah", "yep", "yup", "sure", "ok", "okay"})
NO_WORDS = frozenset({"n", "no", "nope", "nah"})


def _plain(text):
    """Lower case, trimmed, without closing punctuation, so “Yes!” and “ yes ” are the same reply."""
    return re.sub(r"[\s.!?]+$", "", (text or "").strip().lower())


def _synonyms(label, style):
    """The words that count as this answer: its label, and for yes/no questions the usual variants."""
    plain = _plain(label)
    if style == "yes_no" and plain in YES_WORDS:
        return YES_WORDS | {plain}
    if style == "yes_no" and plain in NO_WORDS:
        return NO_WORDS | {plain}
    return {plain}


def match_answer(answers, reply, style="choice"):
    """The index of the answer the reply picks (by its text or its number, 1-based), or None."""
    text = _plain(reply)
    if not text:
        return None
    for index, answer in enumerate(answers):
        if text == str(index + 1) or text in _synonyms(answer.get("label", ""), style):
            return index
    return None


def default_invalid_message(answers):
    """What an invalid reply gets when the question sets no message of its own."""
    labels = [answer.get("label", "") for answer in answers]
    return "Sorry, I didn't get that. Please reply " + " or ".join(labels) + "."
