"""Programme events: the AI in Action Career Day, workshops, sessions, drives; registrations."""

from __future__ import annotations

from datetime import datetime, timedelta

from foundry.models.choices import cohort_year
from foundry.seed.positions import add_position
from foundry.seed.world import World

HKT = timedelta(hours=8)  # stored times are naive UTC

# name, kind, mode, local start, hours, venue, capacity, programme tag, company clusters,
# companies, share of registrations (the career day has plan.registrations), university only
EVENTS = (
    ("AI in Action Career Day", "career_day", "hybrid", datetime(2025, 2, 21, 10, 0), 8,
     "Hong Kong Science Park, Pak Shek Kok — and online in the Talent Pool", 3500,
     "AI in Action Career Day", ("ai_robotics", "ai_robotics", "fintech", "healthtech",
                                 "smart_city"), 40, 1.0, None),
    ("Job Search & Personal Branding Workshop", "workshop", "virtual",
     datetime(2025, 2, 19, 19, 0), 2, "Online", 300, None, (), 0, 0.15, None),
    ("Industry Insight: AI in Medical Imaging", "insight_session", "onsite",
     datetime(2025, 3, 13, 15, 0), 2, "Hong Kong Science Park, Building 19W", 120, None,
     ("healthtech",), 3, 0.08, None),
    ("Microelectronics Recruitment Drive", "drive", "hybrid", datetime(2025, 6, 18, 10, 0), 6,
     "InnoCentre, Kowloon Tong", 800, "Microelectronics Drive", ("microelectronics",), 12,
     0.25, None),
    ("Talent Foundry Campus Session at HKUST", "campus_session", "onsite",
     datetime(2025, 10, 8, 12, 30), 2, "HKUST, Lecture Theatre A", 250, None,
     ("ai_robotics", "microelectronics"), 6, 0.12, "HKUST"),
    ("Life & Health Tech Drive", "drive", "hybrid", datetime(2026, 3, 20, 10, 0), 6,
     "Hong Kong Science Park, Pak Shek Kok", 600, "Life & Health Tech Drive", ("healthtech",),
     10, 0.2, None),
    ("Fintech Recruitment Drive", "drive", "onsite", datetime(2027, 1, 22, 10, 0), 6,
     "Hong Kong Science Park, Pak Shek Kok", 500, "Fintech Drive", ("fintech",), 10, 0.1, None),
)
CAREER_DAY = EVENTS[0][0]


def generate_events(world: World) -> None:
    """Events with participating companies and their tagged positions."""
    rng, writer = world.rng, world.writer
    verified = [c for c in world.companies if c.status == "verified"]
    for name, kind, mode, local, hours, venue, capacity, tag, clusters, n_companies, _s, _u \
            in EVENTS:
        career_day = name == CAREER_DAY
        if career_day:
            n_companies = world.plan.career_day_companies
        event_id = writer.new_id("events")
        starts = local - HKT
        writer.add("events", {
            "id": event_id, "name": f"{name} {local.year}", "kind": kind, "mode": mode,
            "starts_at": starts, "ends_at": starts + timedelta(hours=hours), "venue": venue,
            "description": f"{name}: meet Science Park companies, hear from founders and apply "
                           f"to open roles.", "capacity": capacity,
            "open_to_everyone": career_day,
            "created_at": min(starts - timedelta(days=45), world.at(world.today))})
        world.events[name] = event_id
        pool = [c for c in verified if c.cluster in clusters]
        if career_day and len(pool) < n_companies:  # a big career day takes every cluster
            pool += [c for c in verified if c.cluster not in clusters]
        chosen = rng.sample(pool, min(len(pool), n_companies)) if clusters else []
        world.event_companies[event_id] = chosen
        roles = world.plan.career_day_roles if career_day else None
        if roles is not None:  # at a tiny scale factor, no company posts hundreds of roles
            roles = min(roles, 7 * len(chosen))
        for i, company in enumerate(chosen):
            link_id = world.event_company_ids[(event_id, company.id)] = \
                writer.new_id("event_companies")
            writer.add("event_companies", {"id": link_id,
                                           "event_id": event_id, "company_id": company.id,
                                           "status": "approved", "updated_at": starts - timedelta(
                                               days=30)})
            if tag is None:
                continue
            count = rng.choice((1, 1, 2)) if roles is None else \
                roles // len(chosen) + (1 if i < roles % len(chosen) else 0)
            for _ in range(count):
                kind_ = rng.choices(("internship", "graduate"), (2, 1))[0]
                add_position(world, company, season=local.year if local.month < 6 else
                             local.year + 1, kind=kind_, tag=tag, event_id=event_id,
                             cluster=company.cluster, opens_on=local.date())


def generate_registrations(world: World) -> None:
    """Registrations (most checked in at past events) from students studying at the time."""
    rng, today = world.rng, world.today
    for name, _k, _m, local, _h, _v, _c, _t, _cl, _n, share, only in EVENTS:
        event_id = world.events[name]
        day = local.date()
        eligible = [s for s in world.students if s.cohort >= cohort_year(day)
                    and (only is None or world.universities.get(only) == s.university_id)]
        wanted = world.plan.career_day_participants if name == CAREER_DAY else None
        count = min(len(eligible), wanted or round(world.plan.registrations * share))
        past = day < today
        for student in rng.sample(eligible, count):
            add_registration(world, event_id, student.id, local,
                             checked_in=past and rng.random() < 0.84)


def add_registration(world: World, event_id: int, student_id: int, local: datetime, *,
                     checked_in: bool) -> dict:
    """Queue one registration with a unique check-in code (times in UTC)."""
    rng = world.rng
    code = f"{rng.getrandbits(48):012X}"
    while code in world.codes:
        code = f"{rng.getrandbits(48):012X}"
    world.codes.add(code)
    registered = min(local - HKT - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 9)),
                     datetime.combine(world.today, datetime.min.time()))
    row = world.writer.add("event_registrations", {
        "id": world.writer.new_id("event_registrations"), "event_id": event_id,
        "student_id": student_id, "code": code, "registered_at": registered,
        "checked_in_at": local - HKT + timedelta(minutes=rng.randint(0, 240))
        if checked_in else None, "checked_in_by_id": None, "walk_in": False,
        "reminded_at": None})
    world.event_registrations.setdefault(event_id, []).append(row)
    return row


def event_start(name: str) -> datetime:
    """The local (Hong Kong) start of a seeded event."""
    return next(event[3] for event in EVENTS if event[0] == name)
