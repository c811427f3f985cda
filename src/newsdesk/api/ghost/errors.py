"""Ghost's error envelope: ``{"errors": [{"message", "context", "type", ...}]}``."""

from __future__ import annotations

import uuid
from typing import Any


class GhostError(Exception):
    status = 500
    type = "InternalServerError"
    message = "The server has encountered an error."

    def __init__(
        self, message: str | None = None, *, context: str | None = None, help: str | None = None
    ) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message
        self.context = context
        self.help = help

    def as_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "context": self.context,
            "type": self.type,
            "details": None,
            "property": None,
            "help": self.help,
            "code": None,
            "id": str(uuid.uuid4()),
            "ghostErrorCode": None,
        }


class BadRequestError(GhostError):
    status = 400
    type = "BadRequestError"
    message = "Request could not be understood."


class UnauthorizedError(GhostError):
    status = 401
    type = "UnauthorizedError"
    message = "Unknown Content API Key"


class NoPermissionError(GhostError):
    status = 403
    type = "NoPermissionError"
    message = "Authorization failed"


class NotFoundError(GhostError):
    status = 404
    type = "NotFoundError"
    message = "Resource not found"


class MethodNotAllowedError(GhostError):
    status = 405
    type = "MethodNotAllowedError"
    message = "Method not allowed for resource."


class RequestNotAcceptableError(GhostError):
    status = 406
    type = "RequestNotAcceptableError"
    message = "Request not acceptable for provided Accept-Version header."


class ValidationError(GhostError):
    """A query parameter with a value of the wrong form; Ghost answers these with 422."""

    status = 422
    type = "ValidationError"
    message = "Validation error, cannot list resources."
