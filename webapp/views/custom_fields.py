"""Placeholder blueprint; filled in by its area's work."""
from flask import Blueprint

bp = Blueprint("custom_fields", __name__)
