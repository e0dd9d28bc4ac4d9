"""The one domain error type services raise; routes turn it into a form error or a flash."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken. `str(error)` is safe to show to the user; `field`
    names the form field it belongs to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class DomainErrors(DomainError):
    """Several rules broken at once, so a form can show every problem in one round."""

    def __init__(self, errors: list[DomainError]):
        super().__init__(" ".join(str(e) for e in errors))
        self.errors = list(errors)


class Problems:
    """Collect broken rules and raise them together (one DomainError, or DomainErrors):

        problems = Problems()
        if bad: problems.add(_("…"), field="end_date")
        problems.raise_any()
    """

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, message: str, *, field: str | None = None) -> None:
        """Record one broken rule."""
        self.errors.append(DomainError(message, field=field))

    def has(self, field: str) -> bool:
        """Whether a rule on this field is already broken (later checks on it can wait)."""
        return any(e.field == field for e in self.errors)

    def raise_any(self) -> None:
        """Raise what was collected, if anything."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)


def attach_to_form(form, error: DomainError) -> None:
    """Show a domain error by its field (or as a form-level error) when re-rendering a form."""
    if isinstance(error, DomainErrors):
        for each in error.errors:
            attach_to_form(form, each)
        return
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def attach_unseen(form, error: DomainError) -> None:
    """Attach a service's errors to a form whose own checks already failed, skipping fields
    that already show one: every problem shows in one round, each field's once."""
    for each in error.errors if isinstance(error, DomainErrors) else [error]:
        field = getattr(form, each.field or "", None)
        if field is None or not field.errors:
            attach_to_form(form, each)
