"""Form helpers shared by every feature."""

from __future__ import annotations

from wtforms.fields.choices import SelectChoice


def options(pairs, blank=None) -> list[SelectChoice]:
    """(value, label) pairs — e.g. a tuple from foundry.models.choices — as SelectChoice
    options (WTForms 3.3 deprecates plain tuples), with an optional empty first option."""
    head = [SelectChoice("", blank)] if blank is not None else []
    return head + [SelectChoice(str(value), label) for value, label in pairs]


def row_id(value) -> int:
    """Coerce a submitted row id (for selects that skip choice validation): a ValueError,
    which WTForms shows by the field, beyond INTEGER's range (0 is the "choose…" option)."""
    from foundry.common.inputs import INT_MAX

    number = int(value)
    if not 0 <= number <= INT_MAX:
        raise ValueError("not a row id")
    return number
