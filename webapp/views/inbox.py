"""The inbox: one conversation per member."""
from flask import Blueprint

bp = Blueprint("inbox", __name__)
