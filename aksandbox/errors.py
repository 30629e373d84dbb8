"""Exceptions that the Flask layer turns into ActionKit-shaped error responses (12.7)."""


class ApiError(Exception):
    """An error answered with `status` and a JSON body (or an empty body when body is None)."""

    def __init__(self, status, body=None, location=None):
        """Carry what the error handler needs to build ActionKit's response: status, body, Location."""
        super().__init__(status, body)
        self.status = status
        self.body = body
        self.location = location


class NotFound(ApiError):
    """Unknown id: 404 with an empty text/html body, like ActionKit."""

    def __init__(self):
        """ActionKit answers an unknown id with a bare 404, so there is nothing to pass."""
        super().__init__(404)


def tastypie_error(resource, field, message):
    """400 `{"<resource>": {field: [msg]}}` as tastypie form validation answers."""
    return ApiError(400, {resource: {field: [message]}})


def processing_error(field, message):
    """400 `{"errors": {field: [msg]}}` as action processing and userfields answer."""
    return ApiError(400, {"errors": {field: [message]}})


def server_error(message, status=400):
    """`{"error": "..."}`, tastypie's shape for bad filters and server-side failures."""
    return ApiError(status, {"error": message})


def email_conflict(email, existing_id):
    """409 for a duplicate email, pointing Location at the user who owns it (15.8)."""
    body = {"errors": {"email": [f"Conflict on unique key 'email' for value '{email}'"]}}
    return ApiError(409, body, location=f"/rest/v1/user/{existing_id}/")
