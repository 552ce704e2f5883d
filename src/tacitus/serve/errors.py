"""One JSON shape for every API error: ``{"error": {"code", "message", "detail"}}``.

``code`` is a short machine-readable word (``not_found``, ``invalid_request``, ``unauthorized``,
``read_only``, ``too_large``, ...) or a tacitus error code (``T300``); ``message`` is for a person;
``detail`` is optional structured data (for ``invalid_request``, the list of failing parameters).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from tacitus.errors import StoreError, TacitusError, UsageError

log = logging.getLogger("tacitus.serve")

_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "read_only", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid_request",
    500: "internal", 501: "not_implemented", 503: "unavailable",
}


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: Any = None


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorBody


class ApiError(Exception):
    """Raised by route code: becomes an error response with this status, code and message."""

    def __init__(self, status: int, message: str, *, code: str | None = None, detail: Any = None):
        super().__init__(message)
        self.status = status
        self.code = code or _HTTP_CODES.get(status, "error")
        self.message = message
        self.detail = detail


def error_response(status: int, code: str, message: str, detail: Any = None, headers=None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "detail": detail}}, status_code=status, headers=headers
    )


def _clean_errors(errors: list[dict]) -> list[dict]:
    """Validation errors as JSON-safe dicts: where, what, and the message."""
    out = []
    for e in errors:
        out.append({"loc": [str(x) for x in e.get("loc", ())], "type": e.get("type"), "msg": e.get("msg")})
    return out


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        code = _HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"No such resource: {request.url.path}"
        return error_response(exc.status_code, code, message, None, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        return error_response(422, "invalid_request", "The request's parameters or body are not valid.",
                              _clean_errors(list(exc.errors())))

    @app.exception_handler(ValidationError)
    async def _model_error(request: Request, exc: ValidationError):
        return error_response(422, "invalid_request", "The request's parameters or body are not valid.",
                              _clean_errors(exc.errors()))

    @app.exception_handler(UsageError)
    async def _usage_error(request: Request, exc: UsageError):
        return error_response(400, exc.code, exc.message)

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError):
        return error_response(409, exc.code, exc.message)

    @app.exception_handler(TacitusError)
    async def _tacitus_error(request: Request, exc: TacitusError):
        return error_response(400, exc.code, exc.message)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return error_response(500, "internal", "Internal error; the server log has the details.")
