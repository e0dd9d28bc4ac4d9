"""Mentoring services: ranking, capacity, the transition table, sessions and inactivity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from foundry.common.errors import DomainError
from foundry.mentoring import queries, services
from foundry.models import AuditLog, MentoringSession, Mentorship, Notification, OutboxMail
from foundry.models.base import utcnow
from tests import factories
from tests.mentoring.conftest import make_mentee, make_mentor


@pytest.fixture()
def ctx(app, db):
    """A request context (services build links with url_for)."""
    with app.test_request_context():
        yield db


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- Suggestions ------------------------------------------------------------------------------

def test_suggestions_ranked_by_overlap_then_free_places_with_reasons(ctx):
    """Hand-built mentors with known overlaps come back in the expected order, with reasons;
    full, inactive, suspended, non-matching and already-asked mentors are left out."""
    python, ml, pcb, gmp = (factories.SkillFactory(name=n) for n in
                            ("Python", "Machine learning", "PCB design", "GMP lab practice"))
    student = make_mentee(skills=[python, ml, pcb], clusters=["fintech", "ai_robotics"])
    top = make_mentor(name="Ada", skills=[python, ml], clusters=["fintech"], capacity=3)
    busy_three = make_mentor(name="Bo", skills=[python, ml, pcb], capacity=3, active_pairs=2)
    two = make_mentor(name="Cy", clusters=["fintech", "ai_robotics"], capacity=1)
    one = make_mentor(name="Di", skills=[python, gmp], capacity=5)
    make_mentor(name="None in common", skills=[gmp], clusters=["healthtech"])
    make_mentor(name="Full", skills=[python, ml, pcb], clusters=["fintech"], capacity=2,
                active_pairs=2)
    make_mentor(name="Opted out", skills=[python, ml, pcb], active=False)
    make_mentor(name="Suspended", skills=[python, ml, pcb],
                company=factories.CompanyFactory(vetting_status="suspended"))
    asked = make_mentor(name="Asked", skills=[python, ml, pcb], clusters=["fintech"])
    factories.MentorshipFactory(mentor=asked, student=student, status="requested")
    ctx.session.flush()

    suggestions = queries.suggested_mentors(student)

    assert [s.mentor.id for s in suggestions] == [top.id, busy_three.id, two.id, one.id]
    assert [s.score for s in suggestions] == [3, 3, 2, 1]
    assert [s.free for s in suggestions] == [3, 1, 1, 5]
    assert suggestions[0].skills == ["Machine learning", "Python"]
    assert suggestions[0].clusters == ["fintech"]
    assert suggestions[2].skills == [] and suggestions[2].clusters == ["ai_robotics", "fintech"]


def test_a_closed_pair_does_not_hide_the_mentor_again(ctx):
    """Only live pairs (requested/active) remove a mentor from the student's suggestions."""
    skill = factories.SkillFactory()
    student = make_mentee(skills=[skill])
    mentor = make_mentor(skills=[skill])
    factories.MentorshipFactory(mentor=mentor, student=student, status="closed")
    assert [s.mentor.id for s in queries.suggested_mentors(student)] == [mentor.id]


# --- Requests, capacity and the transition table ----------------------------------------------

def test_request_then_accept_notifies_and_audits(ctx):
    """A request is 'requested' and notifies the mentor; accepting makes it active."""
    mentor = make_mentor()
    student = make_mentee()
    pair = services.request_mentor(student=student, mentor=mentor, goals="  Interview prep ")
    assert (pair.status, pair.goals) == ("requested", "Interview prep")
    services.change_status(mentorship=pair, to="active", actor=mentor.user)
    assert pair.status == "active" and pair.started_at is not None
    actions = ctx.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions == ["mentoring.request", "mentoring.active"]
    notified = ctx.session.scalars(select(Notification.user_id).order_by(Notification.id)).all()
    assert notified == [mentor.user_id, student.user_id]
    assert _count(ctx, OutboxMail) == 2


def test_request_refused_without_opt_in_twice_or_when_full(ctx):
    """No opt-in, a second live request to the same mentor, or a full mentor: refused."""
    mentor = make_mentor(capacity=1)
    shy = make_mentee(opt_in=False)
    with pytest.raises(DomainError, match="Opt in"):
        services.request_mentor(student=shy, mentor=mentor, goals="x")
    student = make_mentee()
    services.request_mentor(student=student, mentor=mentor, goals="x")
    with pytest.raises(DomainError, match="already"):
        services.request_mentor(student=student, mentor=mentor, goals="again")
    factories.MentorshipFactory(mentor=mentor, status="active")
    with pytest.raises(DomainError, match="no free capacity"):
        services.request_mentor(student=make_mentee(), mentor=mentor, goals="x")
    assert _count(ctx, Mentorship) == 2


def test_capacity_enforced_when_accepting_and_pairing(ctx):
    """A mentor at capacity cannot accept a pending request, nor be paired by an admin."""
    mentor = make_mentor(capacity=1)
    pending = factories.MentorshipFactory(mentor=mentor, status="requested", started_at=None)
    factories.MentorshipFactory(mentor=mentor, status="active")
    with pytest.raises(DomainError, match="no free capacity"):
        services.change_status(mentorship=pending, to="active", actor=mentor.user)
    assert pending.status == "requested"
    admin = factories.user_with_role("admin")
    with pytest.raises(DomainError, match="no free capacity") as caught:
        services.pair_directly(mentor=mentor, student=make_mentee(), goals=None, actor=admin)
    assert caught.value.field == "mentor_id"
    assert services.active_pair_count(mentor.id) == 1


def test_admin_pairs_directly_into_an_active_pair(ctx):
    """An admin's pairing is active at once, records who paired, and notifies both sides."""
    mentor = make_mentor()
    student = make_mentee()
    admin = factories.user_with_role("admin")
    pair = services.pair_directly(mentor=mentor, student=student, goals="Fintech career",
                                  actor=admin)
    assert (pair.status, pair.created_by_id, pair.goals) == ("active", admin.id, "Fintech career")
    assert sorted(ctx.session.scalars(select(Notification.user_id))) == sorted(
        [mentor.user_id, student.user_id])
    with pytest.raises(DomainError, match="already paired"):
        services.pair_directly(mentor=mentor, student=student, goals=None, actor=admin)


CASES = [
    # (from, to, side, allowed)
    ("requested", "active", "mentor", True),
    ("requested", "active", "student", False),
    ("requested", "active", "admin", True),
    ("requested", "declined", "mentor", True),
    ("requested", "declined", "student", False),
    ("requested", "closed", "student", True),
    ("requested", "closed", "mentor", False),
    ("active", "closed", "mentor", True),
    ("active", "closed", "student", True),
    ("active", "closed", "admin", True),
    ("active", "declined", "mentor", False),
    ("active", "requested", "student", False),
    ("declined", "active", "mentor", False),
    ("closed", "active", "mentor", False),
    ("closed", "active", "admin", False),
]


@pytest.mark.parametrize(("start", "to", "side", "allowed"), CASES)
def test_transition_table(ctx, start, to, side, allowed):
    """Each move is allowed exactly for the sides the table names; a refused one changes nothing."""
    pair = factories.MentorshipFactory(mentor=make_mentor(), status=start)
    actor = {"mentor": pair.mentor.user, "student": pair.student.user,
             "admin": factories.user_with_role("admin")}[side]
    if allowed:
        services.change_status(mentorship=pair, to=to, actor=actor)
        assert pair.status == to
    else:
        with pytest.raises(DomainError):
            services.change_status(mentorship=pair, to=to, actor=actor)
        assert pair.status == start
        assert _count(ctx, AuditLog) == 0


def test_a_stranger_cannot_move_a_pair_and_repeating_a_move_is_a_no_op(ctx):
    """Someone outside the pair is refused; closing twice (double submit) changes nothing."""
    pair = factories.MentorshipFactory(mentor=make_mentor(), status="active")
    with pytest.raises(DomainError):
        services.change_status(mentorship=pair, to="closed",
                               actor=factories.user_with_role("student"))
    services.change_status(mentorship=pair, to="closed", actor=pair.student.user)
    closed_at = pair.closed_at
    services.change_status(mentorship=pair, to="closed", actor=pair.student.user)
    assert pair.closed_at == closed_at
    assert _count(ctx, AuditLog) == 1


# --- Sessions ---------------------------------------------------------------------------------

def _active_pair():
    pair = factories.MentorshipFactory(mentor=make_mentor(), status="active")
    pair.requested_at = utcnow() - timedelta(days=30)
    return pair


@pytest.mark.parametrize(("days", "minutes", "field"), [
    (0, 0, "minutes"), (0, -5, "minutes"), (0, 601, "minutes"),
    (2, 30, "held_on"),       # more than a day ahead
    (-31, 30, "held_on"),     # before the pair was formed
])
def test_bad_session_is_refused_by_its_field(ctx, days, minutes, field):
    """Minutes outside 1–600, a date more than a day ahead or before the pair: refused."""
    pair = _active_pair()
    with pytest.raises(DomainError) as caught:
        services.log_session(mentorship=pair, actor=pair.mentor.user, minutes=minutes,
                             held_on=utcnow().date() + timedelta(days=days), mode="video",
                             topics=None, notes=None)
    assert caught.value.field == field
    assert _count(ctx, MentoringSession) == 0


def test_session_limits_that_are_allowed(ctx):
    """600 minutes, tomorrow (Hong Kong is ahead of UTC) and 1 minute are all fine."""
    pair = _active_pair()
    for days, minutes in ((1, 600), (0, 1)):
        services.log_session(mentorship=pair, actor=pair.student.user, minutes=minutes,
                             held_on=utcnow().date() + timedelta(days=days), mode="phone",
                             topics="CV", notes=None)
    assert _count(ctx, MentoringSession) == 2


def test_sessions_only_for_active_pairs_and_members(ctx):
    """A requested pair takes no session; an admin does not log sessions for a pair."""
    pair = factories.MentorshipFactory(mentor=make_mentor(), status="requested")
    kwargs = {"held_on": utcnow().date(), "minutes": 30, "mode": "video", "topics": None,
              "notes": None}
    with pytest.raises(DomainError, match="active pair"):
        services.log_session(mentorship=pair, actor=pair.mentor.user, **kwargs)
    pair.status = "active"
    with pytest.raises(DomainError, match="Only the mentor"):
        services.log_session(mentorship=pair, actor=factories.user_with_role("admin"), **kwargs)
    assert _count(ctx, MentoringSession) == 0


def test_only_the_author_edits_a_session(ctx):
    """The other member of the pair cannot edit an entry they did not log."""
    pair = _active_pair()
    entry = services.log_session(mentorship=pair, actor=pair.mentor.user, minutes=45,
                                 held_on=utcnow().date(), mode="video", topics="CV", notes=None)
    with pytest.raises(DomainError, match="Only the person"):
        services.edit_session(entry=entry, actor=pair.student.user, minutes=90,
                              held_on=entry.held_on, mode="video", topics="x", notes=None)
    assert entry.minutes == 45
    services.edit_session(entry=entry, actor=pair.mentor.user, minutes=90,
                          held_on=entry.held_on, mode="phone", topics="Mock interview",
                          notes="Went well")
    assert (entry.minutes, entry.mode, entry.topics) == (90, "phone", "Mock interview")


# --- Inactivity -------------------------------------------------------------------------------

def test_inactive_at_61_days_not_at_59(ctx):
    """Active pairs with no session for 60 days are inactive; a pair started fewer than 60 days
    ago without sessions is not; closed pairs never are."""
    today = utcnow().date()
    long_ago = utcnow() - timedelta(days=100)

    def pair(status="active", started=long_ago, sessions=()):
        p = factories.MentorshipFactory(mentor=make_mentor(), status=status, started_at=started)
        for days in sessions:
            factories.MentoringSessionFactory(mentorship=p, held_on=today - timedelta(days=days))
        return p

    recent_session = pair(sessions=[59])
    stale_session = pair(sessions=[61, 70])
    stale_then_recent = pair(sessions=[61, 10])
    new_pair = pair(started=utcnow() - timedelta(days=59))
    old_pair = pair(started=utcnow() - timedelta(days=61))
    closed = pair(status="closed")
    ctx.session.flush()

    page = queries.admin_pairs(status=None, inactive=True, page=1)
    assert sorted(p.id for p in page.items) == sorted([stale_session.id, old_pair.id])
    flags = queries.pair_activity([p.id for p in (recent_session, stale_session,
                                                  stale_then_recent, new_pair, old_pair, closed)])
    assert {pid for pid, (_last, _n, inactive) in flags.items() if inactive} == {
        stale_session.id, old_pair.id}
    assert flags[stale_then_recent.id][:2] == (today - timedelta(days=10), 2)
    assert queries.admin_pairs(status="closed", inactive=False, page=1).total == 1


def test_suggestions_and_admin_list_take_a_fixed_number_of_queries(ctx):
    """Ranking and inactivity are computed in SQL: 5 or 40 mentors cost the same queries."""
    from sqlalchemy import event

    skill = factories.SkillFactory()
    student = make_mentee(skills=[skill], clusters=["fintech"])

    def queries_for(n_mentors: int) -> tuple[int, int]:
        for _ in range(n_mentors):
            mentor = make_mentor(skills=[skill], clusters=["fintech"], capacity=5)
            factories.MentoringSessionFactory(
                mentorship=factories.MentorshipFactory(mentor=mentor, status="active"))
        ctx.session.flush()
        ctx.session.expire_all()
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(ctx.engine, "before_cursor_execute", listener)
        try:
            queries.suggested_mentors(student, limit=50)
            suggestions = len(statements)
            page = queries.admin_pairs(status=None, inactive=False, page=1, per_page=100)
            queries.pair_activity([p.id for p in page.items])
        finally:
            event.remove(ctx.engine, "before_cursor_execute", listener)
        return suggestions, len(statements) - suggestions

    assert queries_for(5) == queries_for(35)
