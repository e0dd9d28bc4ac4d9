"""Applications and internships: each student's seasons, from first application to confirmation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from foundry.seed import names
from foundry.seed.world import CompanyRec, PositionRec, StudentRec, World

STAGES = ("submitted", "shortlisted", "interview", "offered", "accepted")
LIVE_STATUSES = {"submitted": 30, "shortlisted": 20, "interview": 15, "offered": 8, "accepted": 4,
                 "rejected": 16, "withdrawn": 7}
FAILED_STATUSES = {"rejected": 66, "withdrawn": 18, "declined": 10}
REJECTED_AFTER = {"submitted": 5, "shortlisted": 3, "interview": 2}
WITHDRAWN_AFTER = {"submitted": 5, "shortlisted": 3, "interview": 2, "offered": 1}
PAST_LOGGED = {"completed": 88, "ended_early": 5, "pending": 4, "disputed": 2}
PAST_OFFER = {"completed": 90, "ended_early": 6, "pending": 2, "disputed": 1}
JUST_ENDED = {"completed": 70, "confirmed": 30}
ONGOING = {"confirmed": 90, "pending": 10}
FUTURE = {"confirmed": 60, "pending": 40}
APP_COLUMNS = ("submitted", "shortlisted", "interview", "offered", "accepted", "declined",
               "rejected", "withdrawn")
NOTES = (None, None, None, "Available full-time from June; happy to work on site.",
         "I built a related final-year project and would love to continue this work.",
         "Interested in the mentoring side of this role too.")


class CareerIndex:
    """Positions students can apply to, by (kind, season, cluster)."""

    def __init__(self, world: World) -> None:
        self.companies: dict[int, CompanyRec] = {c.id: c for c in world.companies}
        self.buckets: dict[tuple[str, int, str], list[PositionRec]] = {}
        self.by_season: dict[tuple[str, int], list[PositionRec]] = {}
        for p in world.positions:
            if (p.status == "draft" or self.companies[p.company_id].status == "pending"
                    or p.opens >= world.today):  # not taking applications yet
                continue
            self.buckets.setdefault((p.kind, p.season, p.cluster), []).append(p)
            self.by_season.setdefault((p.kind, p.season), []).append(p)

    def choose(self, world: World, student: StudentRec, kind: str, season: int,
               k: int) -> list[PositionRec]:
        """Up to k distinct positions, mostly in the student's clusters."""
        rng = world.rng
        pool = self.by_season.get((kind, season))
        if not pool:
            return []
        chosen: dict[int, PositionRec] = {}
        for _ in range(k * 3):
            if len(chosen) >= k:
                break
            bucket = self.buckets.get((kind, season, rng.choice(student.clusters)))
            if not bucket or rng.random() < 0.2:
                bucket = pool
            p = rng.choice(bucket)
            chosen.setdefault(p.id, p)
        return list(chosen.values())


def is_live(world: World, kind: str, season: int) -> bool:
    """Whether a season's positions still take applications (their work has not started)."""
    starts = date(season, 6, 1) if kind == "internship" else date(season, 7, 1)
    if kind == "part_time":
        starts = date(season - 1, 10, 1)
    return starts > world.today


def generate_careers(world: World, index: CareerIndex) -> None:
    """Every student's application seasons and internships."""
    rng, plan = world.rng, world.plan
    first_season = min((s for _k, s in index.by_season), default=world.today.year)
    for student in world.students:
        plans = [("internship", student.cohort - 2, plan.internship_rate_earlier, 0.25),
                 ("internship", student.cohort - 1, plan.internship_rate_penultimate, 0.55)]
        plans.append(("graduate", student.cohort, 0.10, 0.45))
        if rng.random() < 0.06:
            plans.append(("part_time", student.cohort, 0.0, 1.0))
        for kind, season, get_rate, apply_rate in plans:
            if season < first_season - 1:
                continue
            rate = max(0.0, get_rate * (1 + 0.35 * student.quality))
            gets = rng.random() < rate
            season_positions = index.by_season.get((kind, season))
            via = gets and season_positions and rng.random() < plan.via_platform_share
            if via or (rng.random() < apply_rate and season_positions):
                run_season(world, index, student, kind, season, accepted=bool(via))
            if gets and not via and kind == "internship":
                log_internship(world, index, student, season)


def run_season(world: World, index: CareerIndex, student: StudentRec, kind: str, season: int,
               *, accepted: bool) -> None:
    """Applications of one student in one season; the first one is accepted when `accepted`."""
    rng = world.rng
    low, high = world.plan.applications_per_season
    positions = index.choose(world, student, kind, season, rng.randint(low, high))
    live = is_live(world, kind, season)
    for n, position in enumerate(positions):
        if live:
            status = world.pick(LIVE_STATUSES)
            if status == "accepted" and n > 0:  # one accepted offer per season at most
                status = "offered"
        else:
            status = "accepted" if (accepted and n == 0) else world.pick(FAILED_STATUSES)
        add_application(world, student, position, status=status, live=live,
                        link_internship=True)


def add_application(world: World, student: StudentRec, position: PositionRec, *, status: str,
                    live: bool, link_internship: bool = False,
                    rejected_after: str | None = None) -> tuple[int, datetime]:
    """Queue an application with consistent transition times (and its internship if accepted)."""
    rng, writer = world.rng, world.writer
    path = _path(world, status, rejected_after)
    yesterday = world.today - timedelta(days=1)
    end = min(yesterday, position.deadline + timedelta(days=60)) if not live else yesterday
    # The last 75 days before the deadline, or (deadline still far off) the weeks before `end`.
    opens = max(position.opens, min(position.deadline - timedelta(days=75),
                                    end - timedelta(days=30)))
    submitted = world.at(world.day_between(opens, min(position.deadline, end)))
    gaps = [rng.uniform(2, 12) for _ in path[1:]]
    room = min(datetime.combine(end, datetime.min.time()) + timedelta(hours=9),
               world.cutoff) - submitted
    room_days = max(room.total_seconds() / 86400, 0.01)
    if sum(gaps) > room_days:
        gaps = [g * room_days / sum(gaps) * 0.95 for g in gaps]
    times = {path[0]: submitted}
    moment = submitted
    for step, gap in zip(path[1:], gaps, strict=True):
        moment = moment + timedelta(days=gap)
        times[step] = moment
    app_id = writer.new_id("applications")
    row = {"id": app_id, "student_id": student.id, "position_id": position.id, "status": status,
           "note": rng.choice(NOTES), "cv_path": None, "cv_filename": None,
           "programme_application_id": None}
    for column in APP_COLUMNS:
        row[f"{column}_at"] = times.get(column)
    row["updated_at"] = moment
    writer.add("applications", row)
    if status == "accepted" and link_internship and position.kind != "graduate":
        add_internship(world, student, world.company(position.company_id), position,
                       application_id=app_id, accepted_at=moment)
    if status == "accepted" and position.kind == "graduate":
        student.hired_by = position.company_id  # a graduate job through the Talent Pool
    return app_id, moment


def _path(world: World, status: str, rejected_after: str | None) -> list[str]:
    """The transitions leading to a status."""
    if status in STAGES:
        return list(STAGES[: STAGES.index(status) + 1])
    if status == "declined":
        return [*STAGES[:4], "declined"]
    stage = rejected_after or world.pick(REJECTED_AFTER)
    if status == "withdrawn":
        stage = rejected_after or world.pick(WITHDRAWN_AFTER)
    return [*STAGES[: STAGES.index(stage) + 1], status]


def log_internship(world: World, index: CareerIndex, student: StudentRec, season: int) -> None:
    """An internship the student logged themselves (directory company or free text)."""
    rng = world.rng
    start = date(season, rng.choice((6, 6, 7)), rng.choice((1, 8, 15)))
    end = start + timedelta(weeks=rng.choice((6, 8, 10)), days=-3)
    if rng.random() < world.plan.free_text_share:
        employer, _sector = rng.choice(names.EMPLOYERS[student.kind])
        add_internship(world, student, None, None, start=start, end=end, company_name=employer)
        return
    pool = index.by_season.get(("internship", season)) or []
    company = (index.companies[rng.choice(pool).company_id] if pool and rng.random() < 0.5
               else rng.choice(world.verified()))
    add_internship(world, student, company, None, start=start, end=end)


def add_internship(world: World, student: StudentRec, company: CompanyRec | None,
                   position: PositionRec | None, *, application_id: int | None = None,
                   accepted_at: datetime | None = None, start: date | None = None,
                   end: date | None = None, company_name: str | None = None,
                   status: str | None = None, return_offer: bool | None = None) -> dict:
    """Queue an internship whose status and timestamps fit its dates; returns the row."""
    rng, today = world.rng, world.today
    start = start or position.start
    end = end or position.end or start + timedelta(weeks=10)
    status = status or _internship_status(world, start, end, logged=position is None)
    if status == "ended_early":
        end = start + timedelta(days=max(7, int((end - start).days * rng.uniform(0.35, 0.7))))
    counted = status in ("confirmed", "completed", "ended_early")
    confirmed_on = min(today, start + timedelta(days=rng.randint(-12, 10)))
    if accepted_at is not None:
        confirmed_on = max(confirmed_on, accepted_at.date() + timedelta(days=1))
        confirmed_on = min(confirmed_on, today)
    created = accepted_at or world.at(min(today, start - timedelta(days=rng.randint(5, 40))))
    members = company.members if company else []
    if status == "completed" and return_offer is None:
        return_offer = rng.random() < 0.33 + 0.08 * student.quality
    row = {
        "id": world.writer.new_id("internships"), "student_id": student.id,
        "company_id": company.id if company else None,
        "company_name": company_name if company is None else None,
        "position_id": position.id if position else None, "application_id": application_id,
        "title": position.title if position else _logged_title(rng, company, student),
        "start_date": start, "end_date": end,
        "hours_per_week": 40 if rng.random() < 0.85 else rng.choice((20, 24, 30, 35)),
        "paid": position.paid if position else rng.random() < 0.9,
        "stipend_monthly": (position.pay if position else round(rng.uniform(8, 15)) * 1000)
        if (position is None or position.paid) else None,
        "mode": position.mode if position else rng.choice(("onsite", "onsite", "hybrid")),
        "site": company.site if company else None,
        "supervisor_email": None if company or status == "pending" else
        f"supervisor{rng.randint(1, 99)}@{company_name.split()[0].lower()}.example",
        "status": status, "source": "offer" if application_id else "logged",
        "dispute_reason": "The company says the dates and hours differ from its records."
        if status == "disputed" else None,
        "confirmed_at": max(world.at(confirmed_on), accepted_at or world.cutoff.min)
        if counted else None,
        "confirmed_by_id": rng.choice(members) if counted and members else None,
        "completed_at": world.at(min(today, end + timedelta(days=rng.randint(1, 10))))
        if status == "completed" else None,
        "return_offer": return_offer if status == "completed" else None,
        "created_at": created}
    if row["paid"] is False:
        row["stipend_monthly"] = None
    world.writer.add("internships", row)
    if counted and company is not None:
        student.interned_at.append(company.id)
        if row["return_offer"]:
            student.return_offers.append(company.id)
    if status == "completed" and company is not None:  # only what feedback needs (memory)
        slim = {k: row[k] for k in ("id", "end_date", "completed_at", "return_offer")}
        world.completed.append((slim, student, company, position))
    return row


def _logged_title(rng, company: CompanyRec | None, student: StudentRec) -> str:
    """A title for an internship the student typed in."""
    if company is None:
        return rng.choice(("Summer Intern", "Engineering Intern", "Technology Intern",
                           "Research Intern", "Analyst Intern"))
    return f"{rng.choice(('Summer', 'R&D', 'Engineering', 'Product'))} Intern"


def _internship_status(world: World, start: date, end: date, *, logged: bool) -> str:
    """A status that fits the dates."""
    today = world.today
    if end < today - timedelta(days=45):
        return world.pick(PAST_LOGGED if logged else PAST_OFFER)
    if end < today:
        return world.pick(JUST_ENDED)
    return world.pick(ONGOING if start <= today else FUTURE)
