"""Hostile-input and web-hardening helpers; text.py and spreadsheet.py are pure, the rest bind to Flask."""
