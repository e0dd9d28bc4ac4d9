"""The one domain error type services raise; routes turn it into a form error or a flash."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken. `str(error)` is safe to show to the user; `field`
    names the form field it belongs to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def attach_to_form(form, error: DomainError) -> None:
    """Show a domain error by its field (or as a form-level error) when re-rendering a form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))
