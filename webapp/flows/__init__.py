"""Flows: the sandboxed merge-tag templates their messages use (no Flask, no database)."""
