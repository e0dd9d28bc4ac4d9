"""The AI in Action Career Day's programme: workshops, insight sessions with speakers, company
booths, group sessions and 1:1 slots; bookings (with waiting lists), attendance on site and
online, and feedback. Also a small programme for the upcoming Fintech drive, to book now."""

from __future__ import annotations

from datetime import datetime, timedelta

from foundry.seed import names
from foundry.seed.events import CAREER_DAY, HKT, event_start
from foundry.seed.world import World

WORKSHOPS = ("Job Search in Tech: CVs that Get Interviews", "Personal Branding for Engineers",
             "Acing the Technical Interview", "LinkedIn and Your Online Portfolio",
             "Salary Talks for Graduates", "From Internship to Return Offer")
INSIGHTS = (("AI in Medical Imaging: What Hospitals Need", "healthtech"),
            ("Large Language Models in Hong Kong Finance", "fintech"),
            ("Robotics on the Factory Floor", "ai_robotics"),
            ("Smart City Data Platforms", "smart_city"),
            ("Chips for AI at the Edge", "microelectronics"),
            ("Green AI: Energy-Aware Computing", "sustainability"))
SPEAKER_TITLES = ("Chief Technology Officer", "Head of AI", "VP Engineering",
                  "Principal Scientist", "Founder & CEO", "Head of Data Science")
ROOMS = ("Auditorium", "Lecture Theatre 1", "Seminar Room 2", "Seminar Room 3")


class _Programme:
    """Sessions of one event with their places, and who booked what (to avoid overlaps)."""

    def __init__(self, world: World, event_id: int):
        self.world, self.event_id = world, event_id
        self.sessions: list[dict] = []
        self.booked: dict[int, int] = {}

    def add(self, *, kind, title, start: datetime, minutes: int, mode: str, capacity,
            company=None, room=None, cluster=None, host=None, speakers=()) -> dict:
        writer = self.world.writer
        session_id = writer.new_id("event_sessions")
        row = writer.add("event_sessions", {
            "id": session_id, "event_id": self.event_id,
            "company_id": company.id if company else None, "host_id": host, "kind": kind,
            "title": title, "description": None, "cluster": cluster, "mode": mode,
            "starts_at": start - HKT, "ends_at": start - HKT + timedelta(minutes=minutes),
            "room": room if mode != "online" else None,
            "join_url": f"https://meet.example.com/tf-{session_id}" if mode != "onsite" else None,
            "capacity": capacity, "created_at": start - HKT - timedelta(days=20)})
        for name, title_, organisation in speakers:
            writer.add("session_speakers", {"id": writer.new_id("session_speakers"),
                                            "session_id": session_id, "name": name,
                                            "title": title_, "organisation": organisation})
        self.sessions.append(row)
        self.booked[session_id] = 0
        return row


def _speaker(world: World, companies) -> tuple[str, str, str]:
    full_name, _given, _surname = names.person_name(world.rng)
    company = world.rng.choice(companies)
    return full_name, world.rng.choice(SPEAKER_TITLES), company.name


def _build(world: World, event_id: int, day: datetime, companies) -> _Programme:
    """The sessions of a career day starting at `day` 10:00 (Hong Kong time)."""
    plan, rng = world.plan, world.rng
    programme = _Programme(world, event_id)
    at = day.replace(hour=10, minute=0)
    for i in range(plan.career_day_workshops):
        programme.add(kind="workshop", title=WORKSHOPS[i % len(WORKSHOPS)],
                      start=at + timedelta(minutes=30 + 75 * i), minutes=60, mode="both",
                      room=ROOMS[1 + i % 3], capacity=rng.choice((80, 120, 150)))
    for i in range(plan.career_day_insights):
        title, cluster = INSIGHTS[i % len(INSIGHTS)]
        programme.add(kind="insight", title=title, cluster=cluster,
                      start=at + timedelta(minutes=60 + 80 * i), minutes=45, mode="both",
                      room="Auditorium", capacity=250,
                      speakers=[_speaker(world, companies) for _ in range(rng.choice((1, 2)))])
    for i, company in enumerate(companies):
        programme.add(kind="booth", title=f"{company.name} booth", company=company,
                      start=at, minutes=8 * 60, mode="onsite", room=f"Booth {i + 1}",
                      capacity=None)
    for i, company in enumerate(companies[: len(companies) // 4 + 1]):
        programme.add(kind="group", title=f"Meet the team: {company.name}", company=company,
                      start=at + timedelta(minutes=30 * (i % 14) + 30), minutes=30,
                      mode=rng.choice(("online", "both")), room=f"Meeting Room {i % 6 + 1}",
                      capacity=50, host=company.members[0] if company.members else None)
    for i, company in enumerate(companies[: plan.career_day_slot_companies]):
        first = at + timedelta(hours=3, minutes=15 * (i % 4))
        host = company.members[0] if company.members else None
        if host is not None:
            _representative(world, event_id, company, host)
        for n in range(plan.career_day_slots):
            programme.add(kind="one_to_one", title=f"1:1 chat with {company.name}",
                          company=company, start=first + timedelta(minutes=10 * n), minutes=10,
                          mode="both", room=f"Booth {i + 1}", capacity=1, host=host)
    return programme


def _representative(world: World, event_id: int, company, user_id: int) -> None:
    match = world.event_company_ids.get((event_id, company.id))
    if match is not None:
        world.writer.add("event_representatives", {
            "id": world.writer.new_id("event_representatives"), "event_company_id": match,
            "user_id": user_id})


def _book(world: World, programme: _Programme, registrations: list[dict], *, past: bool) -> None:
    """Each participant books a few sessions (no overlaps; full ones put them on the waiting
    list); at a past event, attendance and feedback follow."""
    rng, writer = world.rng, world.writer
    bookable = [s for s in programme.sessions if s["capacity"] is not None]
    for registration in registrations:
        mine: list[dict] = []
        for session in rng.sample(bookable, min(len(bookable), rng.choice((0, 1, 2, 3, 3, 4)))):
            if any(s["starts_at"] < session["ends_at"] and s["ends_at"] > session["starts_at"]
                   for s in mine):
                continue
            full = programme.booked[session["id"]] >= session["capacity"]
            if full and rng.random() < 0.9:
                continue
            status = "waitlisted" if full else "booked"
            mine.append(session)
            programme.booked[session["id"]] += status == "booked"
            on_site = registration["checked_in_at"] is not None
            attended = past and status == "booked" and rng.random() < 0.85
            checked = attended and on_site and session["mode"] != "online"
            joined = attended and not checked and session["mode"] != "onsite"
            booking_id = writer.new_id("session_bookings")
            writer.add("session_bookings", {
                "id": booking_id, "session_id": session["id"],
                "registration_id": registration["id"], "status": status,
                "created_at": registration["registered_at"] + timedelta(hours=rng.randint(1, 72)),
                "promoted_at": None,
                "checked_in_at": session["starts_at"] + timedelta(minutes=rng.randint(-5, 5))
                if checked else None,
                "joined_online_at": session["starts_at"] + timedelta(minutes=rng.randint(-5, 3))
                if joined else None,
                "reminded_at": None})
            if (checked or joined) and rng.random() < 0.4:
                _feedback(world, programme.event_id, session, registration)
        if past and mine and rng.random() < 0.3:
            _feedback(world, programme.event_id, None, registration)


def _feedback(world: World, event_id: int, session: dict | None, registration: dict) -> None:
    user_id = world.student_users.get(registration["student_id"])
    if user_id is None:
        return
    rng = world.rng
    rating = rng.choices((2, 3, 4, 5), (1, 3, 6, 5))[0]
    world.writer.add("event_feedback", {
        "id": world.writer.new_id("event_feedback"), "event_id": event_id,
        "session_id": session["id"] if session else None, "user_id": user_id, "rating": rating,
        "comment": rng.choice((None, None, "Very useful.", "Too short — more time, please.",
                               "Great speakers.", "I got an interview out of it!")),
        "created_at": (session or {"ends_at": registration["registered_at"]})["ends_at"]
        + timedelta(hours=2)})


def generate_programme(world: World) -> None:
    """The career day's programme and bookings; a small one for the upcoming Fintech drive."""
    world.student_users = {s.id: s.user_id for s in world.students}
    event_id = world.events[CAREER_DAY]
    companies = world.event_companies.get(event_id, [])
    if companies:
        programme = _build(world, event_id, event_start(CAREER_DAY), companies)
        day = event_start(CAREER_DAY).date()
        _book(world, programme, world.event_registrations.get(event_id, []),
              past=day < world.today)
    fintech = "Fintech Recruitment Drive"
    drive_id = world.events.get(fintech)
    if drive_id and world.event_companies.get(drive_id):
        programme = _Programme(world, drive_id)
        at = event_start(fintech)
        drive_companies = world.event_companies[drive_id]
        programme.add(kind="workshop", title=WORKSHOPS[0], start=at + timedelta(minutes=30),
                      minutes=60, mode="both", room=ROOMS[1], capacity=60)
        programme.add(kind="insight", title=INSIGHTS[1][0], cluster="fintech",
                      start=at + timedelta(hours=2), minutes=45, mode="onsite",
                      room="Auditorium", capacity=2,
                      speakers=[_speaker(world, drive_companies)])
        for i, company in enumerate(drive_companies[:2]):
            for n in range(4):
                programme.add(kind="one_to_one", title=f"1:1 chat with {company.name}",
                              company=company,
                              start=at + timedelta(hours=3, minutes=10 * n + 45 * i),
                              minutes=10, mode="both", room=f"Booth {i + 1}", capacity=1,
                              host=company.members[0] if company.members else None)
