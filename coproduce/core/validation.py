"""Small checks shared by service functions, so every refusal is a DomainError naming the field."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coproduce.core.errors import DomainError

ERR_TOO_LONG = _("Keep this to %(limit)d characters or fewer.")
ERR_NOT_TEXT = _("Enter text.")


def clean_text(value: object, *, field: str, max_length: int | None = None, required: object = None) -> str:
    """The value stripped of surrounding spaces. `required` is the message to give when it is empty."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError(ERR_NOT_TEXT, field=field)
    value = value.strip()
    if "\x00" in value:
        raise DomainError(ERR_NOT_TEXT, field=field)
    if required is not None and not value:
        raise DomainError(required, field=field)
    if max_length is not None and len(value) > max_length:
        raise DomainError(ERR_TOO_LONG % {"limit": max_length}, field=field)
    return value


def domain_error_from_validation(error: ValidationError) -> DomainError:
    """The first problem Django's model validation found, as a refusal naming its field."""
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        message = errors[0].messages[0] if errors else str(error)
        return DomainError(message, field=None if field == "__all__" else field)
    return DomainError(error.messages[0] if error.messages else str(error))
