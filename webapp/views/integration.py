"""Placeholder blueprint; filled in by its area's work."""
from flask import Blueprint

bp = Blueprint("integration", __name__)
