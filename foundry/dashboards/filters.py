"""Dashboard filters from the URL (?university=CODE&faculty=ID&programme=ID&cohort=YEAR).

Filters live in the query string so a view can be shared as a link. Bad values never reach a
query: they answer 400 with a message that names the filter (403 for a dean asking for
another university).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.inputs import whole_number
from foundry.dashboards.cache import cached
from foundry.extensions import db
from foundry.formatting import name_column
from foundry.models import Faculty, Programme, University
from foundry.models.base import utcnow
from foundry.models.choices import cohort_year


@dataclass
class Options:
    """What the filter menus offer: universities, faculties and programmes in scope."""

    universities: list[tuple[int, str, str]] = field(default_factory=list)  # id, code, name
    faculties: list[tuple[int, str]] = field(default_factory=list)
    programmes: list[tuple[int, str, int]] = field(default_factory=list)  # id, name, faculty


def load_universities() -> list[tuple[int, str, str]]:
    """Every university (id, code, name), by code."""
    return cached(("universities",), lambda: [tuple(r) for r in db.session.execute(
        select(University.id, University.code, name_column(University))
        .order_by(University.code))], scopes=())  # reference data: bumps the epoch


def load_options(university_id: int) -> Options:
    """Faculties and programmes of one university (one query)."""
    def compute() -> Options:
        faculty_name, programme_name = name_column(Faculty), name_column(Programme)
        rows = db.session.execute(
            select(Faculty.id, faculty_name, Programme.id, programme_name)
            .outerjoin(Programme, Programme.faculty_id == Faculty.id)
            .where(Faculty.university_id == university_id)
            .order_by(faculty_name, programme_name)).all()
        options = Options()
        for fid, fname, pid, pname in rows:
            if (fid, fname) not in options.faculties:
                options.faculties.append((fid, fname))
            if pid is not None:
                options.programmes.append((pid, pname, fid))
        return options

    return cached(("options", university_id), compute, scopes=())  # reference data


def int_arg(args, name: str, message: str) -> int | None:
    """An optional integer query parameter; anything else answers 400 with `message`."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    number = whole_number(raw, high=999_999_999)
    if number is None:
        abort(400, description=message)
    return number


def pick_faculty(args, options: Options, fixed: int | None) -> int | None:
    """The faculty filter: one of the university's (a faculty-scoped dean keeps theirs)."""
    faculty = int_arg(args, "faculty", _("Unknown faculty: choose one from the list."))
    if fixed is not None:
        if faculty not in (None, fixed):
            abort(400, description=_("That faculty is outside your dashboard's scope."))
        return fixed
    if faculty is not None and faculty not in {fid for fid, _name in options.faculties}:
        abort(400, description=_("Unknown faculty: choose one from the list."))
    return faculty


def pick_programme(args, options: Options, faculty: int | None,
                   notes: list[str] | None = None) -> int | None:
    """The programme filter: one of the university's. A programme of another faculty than the
    chosen one (the faculty was changed after it) is dropped, with a note in `notes`."""
    programme = int_arg(args, "programme", _("Unknown programme: choose one from the list."))
    if programme is None:
        return None
    owner = {pid: fid for pid, _name, fid in options.programmes}.get(programme)
    if owner is None:
        abort(400, description=_("Unknown programme: choose one from the list."))
    if faculty is not None and owner != faculty:
        if notes is not None:
            name = next(n for pid, n, _fid in options.programmes if pid == programme)
            notes.append(_("The programme filter (%(programme)s) was dropped: it is not part of "
                           "the chosen faculty. Showing all of the faculty's programmes.",
                           programme=name))
        return None
    return programme


FILTERS = ("university", "faculty", "programme", "cohort")


def reject_repeated(args) -> None:
    """A filter given twice (?cohort=2021&cohort=2022) answers 400 rather than silently
    taking one of them."""
    for name in FILTERS:
        if len(args.getlist(name)) > 1:
            abort(400, description=_("Give the %(name)s filter once, not several times.",
                                     name=name))


def collection_closed_cohort() -> int:
    """The newest cohort whose outcome collection (to 31 December after graduating) is over."""
    return utcnow().date().year - 1


def last_completed_cohort() -> int:
    """The most recent academic year that has ended (graduates of it are in the job market)."""
    return cohort_year(utcnow().date()) - 1


def pick_cohort(args, cohorts: list[int]) -> int:
    """The cohort filter (a year 1990–2100); default: the newest cohort with students whose
    collection window has closed (else the newest with students)."""
    cohort = int_arg(args, "cohort", _("The cohort must be a graduating year such as 2025."))
    if cohort is not None:
        if not 1990 <= cohort <= 2100:
            abort(400, description=_("The cohort must be a graduating year such as 2025."))
        return cohort
    closed = [c for c in cohorts if c <= collection_closed_cohort()]
    return max(closed or cohorts or [collection_closed_cohort()])


def pick_university(args, universities: list[tuple[int, str, str]]) -> tuple[int, str] | None:
    """An admin's drill-down ?university=CODE → (id, code); unknown codes answer 400."""
    code = (args.get("university") or "").strip()
    if not code:
        return None
    for uid, ucode, _name in universities:
        if ucode.lower() == code.lower():
            return uid, ucode
    abort(400, description=_("Unknown university code: choose one from the list."))
