"""Placeholder blueprint; filled in by its area's work."""
from flask import Blueprint

bp = Blueprint("webhooks", __name__)
