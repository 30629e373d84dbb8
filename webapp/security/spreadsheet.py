"""CSV cells that spreadsheets open as text, never as formulas (CSV/formula injection).

Names and custom values reach exports from public ActionKit petitions, so a cell such as
=HYPERLINK(...) must not run when staff open the file in Excel, LibreOffice or Sheets.
"""
import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-]?[0-9]+")  # +14155552671 (E.164) and -5 stay numbers


def spreadsheet_safe(value):
    """Blank for None; text that a spreadsheet would treat as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_TRIGGERS) and not _SIGNED_NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_row(values):
    """Every cell of one CSV row made safe."""
    return [spreadsheet_safe(value) for value in values]
