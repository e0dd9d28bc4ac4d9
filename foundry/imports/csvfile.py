"""Reading an uploaded CSV: size, encoding (UTF-8 with or without BOM), Excel's dialect,
headers, and each record with the line it starts on."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _

from foundry.common.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024  # 20 MB
MAX_COLUMNS = 200  # no import has more than a few dozen; refused before any other work


@dataclass
class Record:
    """One data row: the file line it starts on and its values by column name."""

    line: int
    values: dict[str, str]
    extra: list[str] = field(default_factory=list)  # values beyond the header's columns


@dataclass
class ParsedFile:
    """The records of a CSV file and the columns it has that the import ignores."""

    records: list[Record]
    ignored_columns: list[str]


def normalize_header(name: str) -> str:
    """'Student Number ' → 'student_number' (case, spaces and dashes do not matter)."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def decode(data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """The file's text; a clear DomainError for an empty, oversized or non-UTF-8 file."""
    if len(data) > max_bytes:
        raise DomainError(_("The file is larger than %(mb)s MB. Split it into smaller files.",
                            mb=max_bytes // (1024 * 1024) or 1), field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DomainError(_("The file is not UTF-8 text (first bad byte on line %(line)s). "
                            "In Excel use “Save as → CSV UTF-8 (comma delimited)”.", line=line),
                          field="file") from error
    if not text.strip():
        raise DomainError(_("The file is empty."), field="file")
    return text


def parse(text: str, *, required: Sequence[str], optional: Sequence[str] = ()) -> ParsedFile:
    """Split CSV text (Excel dialect: commas, double quotes, CRLF, quoted newlines) into records.

    Raises DomainError when a required column is missing or a column is repeated. Blank rows
    (Excel leaves ",,,," at the end) are skipped. `Record.line` is the file line the record
    starts on; the header is line 1.
    """
    if "\x00" in text:
        raise DomainError(_("The file is not a CSV text file."), field="file")
    reader = csv.reader(io.StringIO(text, newline=""), dialect="excel", strict=False)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise DomainError(_("The file has no header row."), field="file") from error
    if len(header) > MAX_COLUMNS:
        raise DomainError(_("The header has %(count)s columns; an import file has at most "
                            "%(max)s.", count=len(header), max=MAX_COLUMNS), field="file")
    columns = [normalize_header(name) for name in header]
    repeated = sorted(c for c, n in Counter(columns).items() if c and n > 1)
    if repeated:
        raise DomainError(_("Column repeated in the header: %(cols)s.", cols=", ".join(repeated)),
                          field="file")
    missing = [c for c in required if c not in columns]
    if missing:
        raise DomainError(
            _("Missing column(s): %(missing)s. The header must have: %(expected)s.",
              missing=", ".join(missing), expected=", ".join([*required, *optional])),
            field="file")
    known = set(required) | set(optional)
    ignored = [name for name, c in zip(header, columns, strict=True) if c and c not in known]
    records: list[Record] = []
    next_line = reader.line_num + 1
    try:
        for row in reader:
            line, next_line = next_line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            values = {c: (row[i].strip() if i < len(row) else "")
                      for i, c in enumerate(columns) if c in known}
            extra = [cell for cell in row[len(columns):] if cell.strip()]
            records.append(Record(line=line, values=values, extra=extra))
    except csv.Error as error:
        raise DomainError(_("The CSV is malformed near line %(line)s: %(reason)s.",
                            line=reader.line_num, reason=str(error)), field="file") from error
    if not records:
        raise DomainError(_("The file has a header but no data rows."), field="file")
    return ParsedFile(records=records, ignored_columns=ignored)
