"""Persistence helpers: queries and writes. Callers (views, jobs) own the transaction; these add and flush."""
