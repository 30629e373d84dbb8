"""ActionKit REST client: HTTP, paging, typed errors and a shared rate limit; no Flask, no database."""
from .client import ActionKitClient
from .errors import (ActionKitError, AuthError, Conflict, ConnectionFailed, ForeignLink, MalformedAnswer,
                     NotFound, PagingLoop, RateLimited, ServerError, UnsafeRedirect, ValidationError)
from .ratelimit import DEFAULT_RECORDS_PER_MINUTE, RateLimitTimeout, RecordLimiter
from .values import format_ak_datetime, parse_ak_datetime

__all__ = [
    "ActionKitClient", "ActionKitError", "AuthError", "Conflict", "ConnectionFailed", "NotFound",
    "RateLimited", "ServerError", "ValidationError", "ForeignLink", "MalformedAnswer", "PagingLoop",
    "UnsafeRedirect", "RecordLimiter", "RateLimitTimeout",
    "DEFAULT_RECORDS_PER_MINUTE", "format_ak_datetime", "parse_ak_datetime",
]
