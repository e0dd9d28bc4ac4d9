"""The state a generation run shares: random source, reference date, plan, writer and records.

Records are small slotted objects (not ORM instances) so that Hong Kong scale fits in memory.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from foundry.seed.plan import Plan
from foundry.seed.writer import BulkWriter

NOTICE_VERSION = "2026-12"


@dataclass(slots=True)
class FacultyRec:
    id: int
    university_id: int
    university_code: str
    domain: str
    name: str
    kind: str
    weight: float
    programmes: list[tuple[int, str, str]]  # (id, name, degree level)


@dataclass(slots=True)
class CompanyRec:
    id: int
    name: str
    cluster: str
    site: str
    status: str
    slug: str
    members: list[int] = field(default_factory=list)  # user ids


@dataclass(slots=True)
class PositionRec:
    id: int
    company_id: int
    cluster: str
    kind: str
    title: str
    season: int
    opens: date
    deadline: date
    start: date
    end: date | None
    paid: bool
    pay: int | None
    mode: str
    site: str
    status: str
    skills: list[tuple[int, int]]  # (skill id, required level)


@dataclass(slots=True)
class StudentRec:
    id: int
    user_id: int
    university_id: int
    faculty_id: int
    kind: str
    cohort: int
    graduation: date
    clusters: tuple[str, ...]
    quality: float
    interned_at: list[int] = field(default_factory=list)   # company ids (counted internships)
    return_offers: list[int] = field(default_factory=list)  # company ids
    hired_by: int | None = None  # company of an accepted graduate offer


@dataclass(slots=True)
class MentorRec:
    id: int
    user_id: int
    cluster: str
    capacity: int


class World:
    """Everything one run of a generator shares."""

    def __init__(self, *, rng: random.Random, today: date, plan: Plan, writer: BulkWriter,
                 password_hash: str) -> None:
        self.rng = rng
        self.today = today
        self.cutoff = datetime.combine(today, time(0, 0)) - timedelta(minutes=30)
        self.plan = plan
        self.writer = writer
        self.password_hash = password_hash
        self.universities: dict[str, int] = {}
        self.faculties: list[FacultyRec] = []
        self.competencies: list[int] = []
        self.competency_set: set[int] = set()
        self.technical: dict[str, list[int]] = {}
        self.skill_names: dict[int, str] = {}
        self.companies: list[CompanyRec] = []
        self.positions: list[PositionRec] = []
        self.students: list[StudentRec] = []
        self.mentors: list[MentorRec] = []
        self.emails: set[str] = set()
        self.codes: set[str] = set()
        self.serials: dict[str, int] = {}  # last student number per university
        self.events: dict[str, int] = {}
        self.programmes: dict[str, tuple[int, str]] = {}  # tag → (programme id, audience)
        self.extras: dict[str, dict] = {}  # what later steps build on (e.g. the GIP year)
        self.event_companies: dict[int, list[CompanyRec]] = {}  # event id -> companies
        self.event_registrations: dict[int, list[dict]] = {}  # event id -> registration rows
        self.event_company_ids: dict[tuple[int, int], int] = {}  # (event, company) -> row id
        self.student_users: dict[int, int] = {}  # student profile id -> user id
        self.completed: list[tuple] = []  # (internship row, student, company, position)
        self.notice_version = NOTICE_VERSION
        self.external_notice_version = "ext-" + NOTICE_VERSION
        self._companies: dict[int, CompanyRec] | None = None
        self._picks: dict[int, tuple] = {}
        self._verified: list[CompanyRec] | None = None
        self._verified_of: list[CompanyRec] = []

    def verified(self) -> list[CompanyRec]:
        """Verified companies (cached once companies exist)."""
        if self._verified is None or len(self._verified_of) != len(self.companies):
            self._verified_of = list(self.companies)
            self._verified = [c for c in self.companies if c.status == "verified"]
        return self._verified

    def company(self, company_id: int) -> CompanyRec:
        """A company record by id."""
        if self._companies is None or company_id not in self._companies:
            self._companies = {c.id: c for c in self.companies}
        return self._companies[company_id]

    # small helpers -------------------------------------------------------------------------
    def pick(self, weights: dict):
        """A key of `weights` (a dict that is not changed afterwards), drawn by weight.

        Cumulative weights are cached per dict: rng.choices recomputes them on every call,
        which dominates the run time at Hong Kong scale.
        """
        cached = self._picks.get(id(weights))
        if cached is None or cached[0] is not weights:
            cached = (weights, tuple(weights), tuple(accumulate(weights.values())))
            self._picks[id(weights)] = cached
        _w, keys, cum = cached
        return keys[bisect(cum, self.rng.random() * cum[-1])]

    def pick_once(self, weights: dict):
        """A key of a throw-away `weights` dict, drawn by weight (no caching)."""
        return self.rng.choices(tuple(weights), tuple(weights.values()))[0]

    def day_between(self, start: date, end: date) -> date:
        """A uniformly random day in [start, end] (start when end < start)."""
        span = (end - start).days
        return start + timedelta(days=int(self.rng.random() * (span + 1))) if span > 0 else start

    def at(self, day: date, hour_from: int = 1, hour_to: int = 10) -> datetime:
        """A naive-UTC time on a day, during Hong Kong office hours by default; never after
        the start of `today` (so nothing is in the future when the command runs)."""
        random = self.rng.random
        moment = datetime.combine(day, time(hour_from + int(random() * (hour_to - hour_from + 1)),
                                            int(random() * 60)))
        return min(moment, self.cutoff)

    def unique_email(self, local: str, domain: str) -> str:
        """`local@domain`, with a number appended when taken."""
        local = "".join(ch for ch in local.lower() if ch.isalnum() or ch in "._-").strip(".")
        email, n = f"{local}@{domain}", 1
        while email in self.emails:
            n += 1
            email = f"{local}{n}@{domain}"
        self.emails.add(email)
        return email

    def add_user(self, *, email: str, full_name: str, role: str, created: datetime,
                 last_login: datetime | None = None) -> int:
        """Queue a user row; returns its id."""
        user_id = self.writer.new_id("users")
        self.writer.add("users", {
            "id": user_id, "email": email, "password_hash": self.password_hash,
            "full_name": full_name, "role": role, "active": True, "locale": "en",
            "created_at": created, "last_login_at": last_login, "email_verified_at": created,
            "deleted_at": None})
        return user_id
