"""Mentorships (requested, active, declined, closed) and their sessions."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import accumulate

from foundry.seed.plan import MENTOR_TOPICS
from foundry.seed.world import MentorRec, StudentRec, World

STATUSES = {"active": 48, "closed": 30, "requested": 12, "declined": 10}
MODES = {"video": 5, "in_person": 4, "phone": 1}
GOALS = ("Land a summer internship in the cluster.", "Prepare for graduate-role interviews.",
         "Decide between a master's degree and a first job.",
         "Build a portfolio project with industry feedback.",
         "Understand how start-ups at Science Park hire.")


def generate_mentoring(world: World) -> None:
    """Mentorships between mentor profiles and students, with sessions; some pairs go quiet."""
    rng, plan, today = world.rng, world.plan, world.today
    if not world.mentors or not world.students:
        return
    cum = list(accumulate(
        3.0 if s.graduation > today else 1.0 if (today - s.graduation).days < 540 else 0.15
        for s in world.students))
    pairs: set[tuple[int, int]] = set()
    active: dict[int, int] = {}
    attempts = 0
    made = 0
    while made < plan.mentorships and attempts < plan.mentorships * 4:
        attempts += 1
        mentor = rng.choice(world.mentors)
        student = rng.choices(world.students, cum_weights=cum)[0]
        if (mentor.id, student.id) in pairs:
            continue
        pairs.add((mentor.id, student.id))
        status = world.pick(STATUSES)
        if student.graduation < today - timedelta(days=540):
            status = "closed"
        if status == "active" and active.get(mentor.id, 0) >= mentor.capacity:
            status = "closed"
        if status == "active":
            active[mentor.id] = active.get(mentor.id, 0) + 1
        add_mentorship(world, mentor, student, status=status)
        made += 1


def add_mentorship(world: World, mentor: MentorRec, student: StudentRec, *, status: str,
                   sessions: int | None = None, quiet: bool | None = None) -> int:
    """Queue one mentorship (and its sessions) with dates that fit its status; returns its id."""
    rng, writer, today = world.rng, world.writer, world.today
    low, high = world.plan.sessions_per_pair
    started = closed = None
    first = last = None
    if status == "requested":
        requested = today - timedelta(days=rng.randint(1, 25))
    elif status == "declined":
        requested = today - timedelta(days=rng.randint(10, 400))
        closed = requested + timedelta(days=rng.randint(1, 10))
    elif status == "active":
        requested = today - timedelta(days=rng.randint(45, 420))
        started = requested + timedelta(days=rng.randint(2, 14))
        quiet = rng.random() < 0.18 if quiet is None else quiet
        last = today - timedelta(days=rng.randint(61, 150) if quiet else rng.randint(0, 40))
        last = max(last, started)
        first = started + timedelta(days=rng.randint(0, 10))
    else:
        anchor = min(today - timedelta(days=90), student.graduation)
        requested = anchor - timedelta(days=rng.randint(60, 500))
        started = requested + timedelta(days=rng.randint(2, 14))
        closed = min(today, started + timedelta(days=rng.randint(60, 240)))
        first = started + timedelta(days=rng.randint(0, 10))
        last = closed - timedelta(days=rng.randint(0, 20))
    mentorship_id = writer.new_id("mentorships")
    writer.add("mentorships", {
        "id": mentorship_id, "mentor_id": mentor.id, "student_id": student.id, "status": status,
        "goals": rng.choice(GOALS), "requested_at": world.at(requested),
        "started_at": world.at(started) if started else None,
        "closed_at": world.at(closed) if closed else None, "created_by_id": student.user_id})
    if first is not None and last is not None:
        count = sessions if sessions is not None else rng.randint(low, high)
        _sessions(world, mentorship_id, mentor, student, first, max(first, last), count)
    return mentorship_id


def _sessions(world: World, mentorship_id: int, mentor: MentorRec, student: StudentRec,
              first: date, last: date, count: int) -> None:
    """`count` sessions from `first` to `last` (the last one on `last`)."""
    rng, writer = world.rng, world.writer
    span = (last - first).days
    days = sorted({last, *(first + timedelta(days=rng.randint(0, span)) for _ in range(count - 1))})
    for held_on in days:
        writer.add("mentoring_sessions", {
            "id": writer.new_id("mentoring_sessions"), "mentorship_id": mentorship_id,
            "held_on": held_on, "minutes": rng.choice((30, 45, 45, 60, 60, 60, 90)),
            "mode": world.pick(MODES),
            "topics": ", ".join(rng.sample(MENTOR_TOPICS, 2)),
            "notes": None if rng.random() < 0.6 else "Agreed next steps and a reading list.",
            "logged_by_id": rng.choice((mentor.user_id, student.user_id)),
            "created_at": world.at(held_on)})
