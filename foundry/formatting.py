"""Dates and times as people in Hong Kong read them: one format across the app, in Hong Kong
time (times are stored in UTC), in the locale's own words (Babel's formats for en_HK and
zh_Hant_HK). Templates use the `day` and `datetime` filters; Python code calls these."""

from __future__ import annotations

from datetime import UTC, date, datetime

from babel.dates import format_date, format_time
from flask_babel import get_locale, get_timezone
from sqlalchemy import func


def _locale() -> str:
    return "zh_Hant_HK" if str(get_locale()) == "zh_Hant" else "en_HK"


def _local(value: datetime) -> datetime:
    """A stored (naive UTC, or aware) time in the app's time zone, Asia/Hong_Kong."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return aware.astimezone(get_timezone())


def day(value: date | datetime | None) -> str:
    """'2 Dec 2026' / '2026年12月2日' (a time is first moved to Hong Kong time); '–' if none."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = _local(value).date()
    return _unbroken(format_date(value, "medium", locale=_locale()))


def when(value: datetime | None) -> str:
    """'2 Dec 2026 9:35 am' / '2026年12月2日 上午9:35', in Hong Kong time; '–' if none."""
    if value is None:
        return "–"
    local = _local(value)
    return f"{_unbroken(format_date(local.date(), 'medium', locale=_locale()))} " \
           f"{_unbroken(format_time(local, 'short', locale=_locale()))}"


def _unbroken(text: str) -> str:
    """No line break inside a date ("2 Dec" on one line, "2026" on the next is hard to read)."""
    return text.replace(" ", "\u00a0")


def name_column(model, *fallbacks):
    """SQL for the name a query should show of a university, faculty, programme or skill:
    COALESCE(name_zh, name) in 繁體中文, else the name (`fallbacks` follow, e.g. "—")."""
    if is_chinese():
        return func.coalesce(model.name_zh, model.name, *fallbacks)
    return func.coalesce(model.name, *fallbacks) if fallbacks else model.name


def local_name(record) -> str:
    """A university's, faculty's, programme's or skill's name in the interface language: its
    Chinese name in 繁體中文 when one is kept, else the English name ('' for none)."""
    if record is None:
        return ""
    if isinstance(record, str):
        return record
    zh_name = getattr(record, "name_zh", None)
    if zh_name and is_chinese():
        return zh_name
    return record.name


# Punctuation between pieces of text that code or templates put together: Chinese text takes
# full-width marks (「學生：陳大文（香港）」), English the ASCII ones ("Student: Chan (HK)").
def is_chinese() -> bool:
    """Whether the interface language is 繁體中文."""
    return str(get_locale()) == "zh_Hant"


def colon() -> str:
    """': ' / '：' after a label."""
    return "：" if is_chinese() else ": "


def list_separator() -> str:
    """', ' / '、' between the items of a list."""
    return "、" if is_chinese() else ", "


def clause_separator() -> str:
    """', ' / '，' between two phrases; '; ' / '；' between two groups is `group_separator`."""
    return "，" if is_chinese() else ", "


def sentence_separator() -> str:
    """' ' / '' between two sentences (a Chinese full stop takes no space after it)."""
    return "" if is_chinese() else " "


def group_separator() -> str:
    """'; ' / '；' between two groups of items."""
    return "；" if is_chinese() else "; "


def bracketed(text) -> str:
    """' (text)' / '（text）' after a word."""
    return f"（{text}）" if is_chinese() else f" ({text})"


def listing(items) -> str:
    """The items joined as a list: 'A, B, C' / 'A、B、C'."""
    return list_separator().join(str(item) for item in items)
