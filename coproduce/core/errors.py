"""Errors raised by service functions. Views and the API turn them into field errors and 4xx answers."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request; nothing was changed.

    `field` names the input at fault (None when the request as a whole is refused), so forms can put the
    message beside the field and the API can name it in its JSON body.
    """

    def __init__(self, message: object, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class NotFound(DomainError):
    """Raised for both "does not exist" and "not yours", so callers cannot tell them apart."""

    def __init__(self, message: object = None) -> None:
        super().__init__(message or _("Not found."), code="not_found")


class PermissionDenied(NotFound):
    """A permission failure reported exactly like a missing object (no leak of existence)."""
