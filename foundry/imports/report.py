"""What an import found and did: counts and every bad row (line, column, reason)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class RowError:
    """One problem in one cell: the file line, the column and why."""

    line: int
    column: str
    reason: str


@dataclass
class ImportReport:
    """The result of validating (and possibly applying) one file."""

    kind: str
    university_code: str | None = None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False
    # New programme names close to an existing one ("did you mean …?"), each waiting for a
    # choice: {"key", "faculty", "name", "suggestion", "suggestion_id", "lines"}.
    near_typos: list[dict] = field(default_factory=list)
    # The importer's answers: near-typo key → an existing programme id (as text) or "new".
    programme_choices: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the file may be applied (no bad row)."""
        return not self.errors

    @property
    def bad_lines(self) -> int:
        """How many distinct lines have at least one error."""
        return len({e.line for e in self.errors})

    def error(self, line: int, column: str, reason: str) -> None:
        """Record a problem in a cell."""
        self.errors.append(RowError(line, column, str(reason)))

    def counts(self) -> dict[str, int]:
        """The figures kept in the audit trail."""
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "errors": len(self.errors)}

    def as_dict(self) -> dict:
        """A plain dict (for JSON output)."""
        return asdict(self)

    def lines(self) -> list[str]:
        """The report as text lines (the CLI prints these; the page shows the same facts)."""
        verb = "Applied" if self.applied else "Checked"
        head = (f"{verb} {self.rows} row(s) of {self.kind}"
                + (f" for {self.university_code}" if self.university_code else "") + ": "
                f"{self.created} to create, {self.updated} to update, "
                f"{self.unchanged} unchanged, {len(self.errors)} error(s).")
        if self.applied:
            head = head.replace(" to create", " created").replace(" to update", " updated")
        out = [head, *self.notes]
        out += [f"line {e.line}, column {e.column}: {e.reason}" for e in self.errors]
        out += [f"line {t['lines'][0]}, column programme: new programme {t['name']!r} is close "
                f"to {t['suggestion']!r} ({t['faculty']}): did you mean it? Choose on the "
                f"web import page, or correct the file." for t in self.near_typos]
        return out


@dataclass
class ImportContext:
    """Who imports into where: the university (students, outcomes), a dean's faculty scope."""

    university_id: int | None = None
    faculty_id: int | None = None  # a faculty-scoped dean may only touch their faculty
    actor_id: int | None = None
    programme_choices: dict[str, str] = field(default_factory=dict)  # see ImportReport


def chunks(items: list, size: int = 2000):
    """Slices of a list, to keep IN (...) lists within every database's parameter limit."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
