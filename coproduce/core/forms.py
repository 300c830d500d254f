from django import forms

from coproduce.core.errors import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Put a service's refusal beside the field it names, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))
