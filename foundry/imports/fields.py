"""Cell parsers shared by the import kinds. Each returns the clean value or raises ValueError
with a reason fit to show next to the line and column."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import gettext as _

EMAIL_RE = re.compile(r"^[^@\s,;<>\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y")


def text(value: str, *, max_length: int, required: bool = False) -> str | None:
    """Trimmed text within a length; None when empty and optional."""
    value = " ".join(value.split())
    if not value:
        if required:
            raise ValueError(_("is required"))
        return None
    if len(value) > max_length:
        raise ValueError(_("is longer than %(n)s characters", n=max_length))
    return value


def email(value: str) -> str:
    """A lower-cased e-mail address."""
    value = value.strip().lower()
    if not value:
        raise ValueError(_("is required"))
    if len(value) > 254 or not EMAIL_RE.match(value):
        raise ValueError(_("“%(v)s” is not a valid e-mail address", v=value[:80]))
    return value


def day(value: str, *, required: bool = True) -> date | None:
    """A date as YYYY-MM-DD (also YYYY/MM/DD or DD/MM/YYYY, as Excel in Hong Kong writes it)."""
    value = value.strip()
    if not value:
        if required:
            raise ValueError(_("is required"))
        return None
    parsed = None
    if len(value) == 10 and value[4] == "-":
        try:  # the common case, much faster than strptime
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
    for fmt in DATE_FORMATS if parsed is None else ():
        try:
            parsed = datetime.strptime(value, fmt).date()
            break
        except ValueError:
            continue
    if parsed is None:
        raise ValueError(_("“%(v)s” is not a date (use YYYY-MM-DD)", v=value[:40]))
    if not 1990 <= parsed.year <= 2100:
        raise ValueError(_("%(v)s is not a plausible year", v=parsed.year))
    return parsed


def money(value: str, *, maximum: int = 100_000_000) -> int | None:
    """A whole amount in HKD: '360000', '360,000' or 'HKD 360,000'; None when empty."""
    cleaned = re.sub(r"(?i)^(hk\$|hkd|\$)\s*", "", value.strip()).replace(",", "").strip()
    if not cleaned:
        return None
    if cleaned.endswith(".00"):
        cleaned = cleaned[:-3]
    if not re.fullmatch(r"[0-9]+", cleaned):  # isdigit() would let '²' through to int()
        raise ValueError(_("“%(v)s” is not a whole amount in HKD", v=value[:40]))
    amount = int(cleaned)
    if amount > maximum:
        raise ValueError(_("%(v)s is implausibly large", v=amount))
    return amount


def _key(value: str) -> str:
    return re.sub(r"[\s_\-–—/&,()+]+", " ", value.strip().lower()).strip()


def choice(value: str, choices, *, required: bool = True) -> str | None:
    """A stored enum value, given as the value itself or its English label (any case)."""
    if not value.strip():
        if required:
            raise ValueError(_("is required"))
        return None
    wanted = _key(value)
    for stored, label in choices:
        if wanted in (_key(str(stored)), _key(str(label))):
            return stored
    allowed = ", ".join(str(stored) for stored, _label in choices)
    raise ValueError(_("“%(v)s” is not one of: %(allowed)s", v=value[:40], allowed=allowed))


def website(value: str) -> str | None:
    """An http(s) address; 'example.com' becomes 'https://example.com'."""
    value = value.strip()
    if not value:
        return None
    if not re.match(r"(?i)^https?://", value):
        value = "https://" + value
    if len(value) > 200 or not re.match(r"(?i)^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?$",
                                        value):
        raise ValueError(_("“%(v)s” is not a web address", v=value[:60]))
    return value
