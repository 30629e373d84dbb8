"""A question step's answers: up to five rows of label and what the answer does."""
from webapp.security.text import has_control_chars

ANSWER_SLOTS = 5
LABEL_MAX = 60


def answer_rows(formdata, choices):
    """Read answer rows (answer-N-label/field/value/group/flow) into (answers, errors); blank rows are skipped."""
    answers, errors = [], []
    for slot in range(ANSWER_SLOTS):
        row = {key: (formdata.get(f"answer-{slot}-{key}") or "").strip()
               for key in ("label", "field", "value", "group", "flow")}
        if not any(row.values()):
            continue
        problem = _row_problem(row, choices)
        if problem:
            errors.append(f"Answer {slot + 1}: {problem}")
            continue
        answers.append({"label": row["label"], "field_id": _id(row["field"]), "value": row["value"],
                        "group_id": _id(row["group"]), "flow_id": _id(row["flow"])})
    return answers, errors


def _row_problem(row, choices):
    """What is wrong with one filled-in row, or None."""
    if not row["label"]:
        return "enter the answer's text."
    if len(row["label"]) > LABEL_MAX or any(has_control_chars(value) for value in row.values()):
        return f"keep it to {LABEL_MAX} plain characters."
    for key, options in (("field", "fields"), ("group", "groups"), ("flow", "flows")):
        if row[key] and row[key] not in {value for value, _ in choices[options]}:
            return f"choose a listed {key}."
    if row["value"] and not row["field"]:
        return "choose the custom field the value is saved in."
    return None


def _id(value):
    """A chosen id, or None for none."""
    return int(value) if value else None


def check_answers(answers, errors, style):
    """The whole list's rules: at least two answers, distinct labels."""
    if errors:
        return errors
    labels = [answer["label"].lower() for answer in answers]
    if len(answers) < 2:
        return ["Give the question at least two answers."]
    if len(set(labels)) != len(labels):
        return ["Two answers have the same text; make each one different."]
    return []


def rows_for_form(answers, style):
    """Answer rows to prefill the inputs (yes/no questions start with Yes and No)."""
    rows = [dict(label=a.get("label", ""), field=a.get("field_id") or "", value=a.get("value", ""),
                 group=a.get("group_id") or "", flow=a.get("flow_id") or "") for a in answers]
    if not rows and style == "yes_no":
        rows = [dict(label="Yes"), dict(label="No")]
    return rows + [dict() for _ in range(ANSWER_SLOTS - len(rows))]
