"""Mentoring pages per role: opt-in, request, answer, pair page, sessions, admin list."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from foundry.models import MentoringSession, MentorProfile, Mentorship, StudentCluster
from foundry.models.base import utcnow
from tests import factories
from tests.mentoring.conftest import make_mentee, make_mentor


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _table(response) -> str:
    """The body of the first table of a page (leaves out forms elsewhere on it)."""
    return _text(response).split("<tbody>")[1].split("</tbody>")[0]


def test_company_member_opts_in_as_mentor(client, db, login_as):
    """The mentor form saves expertise, skills, clusters, capacity and sets can_mentor."""
    skill = factories.SkillFactory(name="PCB design")
    user = login_as("company")
    assert "Become a mentor" in _text(client.get("/mentoring/"))
    response = client.post("/mentoring/mentor-profile", data={
        "active": "y", "expertise": "Hardware start-ups", "skills": [str(skill.id)],
        "clusters": ["microelectronics"], "capacity": "2"})
    assert response.status_code == 302
    profile = db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == user.id))
    assert (profile.capacity, profile.expertise) == (2, "Hardware start-ups")
    assert [s.skill_id for s in profile.skills] == [skill.id]
    assert [c.cluster for c in profile.clusters] == ["microelectronics"]
    assert user.membership.can_mentor is True
    page = _text(client.get("/mentoring/mentor-profile"))
    assert '<input checked class="form-check-input" id="clusters-4"' in page
    assert '<input checked class="form-check-input" id="skills-0"' in page


def test_mentor_form_bad_capacity_by_the_field_nothing_saved(client, db, login_as):
    """Capacity outside 0–10 or missing: message by the field, typed values kept, no profile."""
    login_as("company")
    for capacity in ("11", "-1", "", "many"):
        response = client.post("/mentoring/mentor-profile", data={
            "active": "y", "expertise": "Kept text", "capacity": capacity})
        assert response.status_code == 200
        assert 'id="capacity-error"' in _text(response)
        assert "Kept text" in _text(response)
    assert _count(db, MentorProfile) == 0


def test_capacity_cannot_go_below_active_pairs(client, db, login_as):
    """A mentor with two active pairs cannot lower capacity to one."""
    mentor = make_mentor(capacity=3, active_pairs=2)
    login_as(mentor.user)
    response = client.post("/mentoring/mentor-profile", data={"active": "y", "capacity": "1"})
    assert "2 active pairs" in _text(response)
    db.session.expire_all()
    assert db.session.get(MentorProfile, mentor.id).capacity == 3


def test_student_opts_in_and_follows_clusters(client, db, login_as):
    """The mentee form saves opt-in, interests, goals and followed clusters."""
    user = login_as("student")
    assert "Opt in as a mentee" in _text(client.get("/mentoring/"))
    client.post("/mentoring/mentee-profile", data={
        "opt_in": "y", "interests": "Robotics", "goals": "A first job",
        "clusters": ["ai_robotics", "fintech"]})
    student = user.student
    db.session.refresh(student)
    assert (student.mentee_opt_in, student.mentee_goals) == (True, "A first job")
    assert sorted(db.session.scalars(select(StudentCluster.cluster).where(
        StudentCluster.student_id == student.id))) == ["ai_robotics", "fintech"]
    response = client.post("/mentoring/mentee-profile", data={"opt_in": "y",
                                                              "clusters": ["nonsense"]})
    assert 'id="clusters-error"' in _text(response)


def test_student_sees_suggestions_and_requests(client, db, login_as):
    """Suggestions show why; a request creates a 'requested' pair and notifies the mentor."""
    mentor = make_mentor(name="Grace Mentor", clusters=["fintech"])
    student = make_mentee(clusters=["fintech"])
    login_as(student.user)
    page = _text(client.get("/mentoring/"))
    assert "Grace Mentor" in page and "shared clusters" in page and "Fintech" in page
    response = client.post(f"/mentoring/request/{mentor.id}", data={"goals": "Fintech careers"})
    assert response.status_code == 302
    pair = db.session.scalar(select(Mentorship))
    assert (pair.status, pair.goals, pair.student_id) == ("requested", "Fintech careers",
                                                          student.id)
    assert "Grace Mentor" in _text(client.get(f"/mentoring/pairs/{pair.id}"))


def test_request_without_goals_is_refused_by_the_field(client, db, login_as):
    """Empty goals: message under the goals box of that mentor, nothing written."""
    mentor = make_mentor(clusters=["fintech"])
    login_as(make_mentee(clusters=["fintech"]).user)
    response = client.post(f"/mentoring/request/{mentor.id}", data={"goals": "  "})
    assert response.status_code == 200
    assert 'id="goals-error"' in _text(response)
    assert _count(db, Mentorship) == 0


def test_request_to_a_full_mentor_is_refused(client, db, login_as):
    """Capacity is checked on request too: a flash-free message on the page, nothing written."""
    mentor = make_mentor(capacity=1, active_pairs=1)
    login_as(make_mentee().user)
    response = client.post(f"/mentoring/request/{mentor.id}", data={"goals": "x"})
    assert response.status_code == 200 and "no free capacity" in _text(response)
    assert _count(db, Mentorship, Mentorship.status == "requested") == 0


def test_mentor_accepts_and_both_log_sessions(client, db, login_as):
    """The mentor accepts from their list; each side logs; each edits only their own entry."""
    mentor = make_mentor()
    pair = factories.MentorshipFactory(mentor=mentor, status="requested", started_at=None,
                                       student=make_mentee())
    login_as(mentor.user)
    assert "Requests waiting for you" in _text(client.get("/mentoring/"))
    client.post(f"/mentoring/pairs/{pair.id}/status", data={"to": "active"})
    db.session.refresh(pair)
    assert pair.status == "active"
    today = utcnow().date().isoformat()
    client.post(f"/mentoring/pairs/{pair.id}/sessions", data={
        "held_on": today, "minutes": "45", "mode": "video", "topics": "CV review"})
    mine = db.session.scalar(select(MentoringSession))
    assert mine.logged_by_id == mentor.user_id
    assert client.get(f"/mentoring/sessions/{mine.id}/edit").status_code == 200

    login_as(pair.student.user)
    page = _text(client.get(f"/mentoring/pairs/{pair.id}"))
    assert "CV review" in page and f"/mentoring/sessions/{mine.id}/edit" not in page
    assert client.get(f"/mentoring/sessions/{mine.id}/edit").status_code == 403
    response = client.post(f"/mentoring/sessions/{mine.id}/edit", data={
        "held_on": today, "minutes": "5", "mode": "video"})
    assert response.status_code == 403
    db.session.refresh(mine)
    assert mine.minutes == 45


def test_bad_session_input_by_the_field_nothing_written(client, db, login_as):
    """Minutes ≤ 0 or > 600, a date two days ahead, a missing date: messages by the field."""
    pair = factories.MentorshipFactory(mentor=make_mentor(), status="active")
    login_as(pair.student.user)
    today = utcnow().date()
    for data, field in (
        ({"held_on": today.isoformat(), "minutes": "0"}, "minutes"),
        ({"held_on": today.isoformat(), "minutes": "601"}, "minutes"),
        ({"held_on": (today + timedelta(days=2)).isoformat(), "minutes": "30"}, "held_on"),
        ({"held_on": "", "minutes": "30"}, "held_on"),
    ):
        response = client.post(f"/mentoring/pairs/{pair.id}/sessions",
                               data={**data, "mode": "video", "topics": "Kept topic"})
        assert response.status_code == 200
        assert f'id="{field}-error"' in _text(response), field
        assert "Kept topic" in _text(response)
    assert _count(db, MentoringSession) == 0


def test_a_student_cannot_see_or_act_on_another_pair(client, db, login_as):
    """Another student's pair: 403 on every page and action, nothing changed."""
    pair = factories.MentorshipFactory(mentor=make_mentor(), status="active")
    entry = factories.MentoringSessionFactory(mentorship=pair, logged_by_id=pair.student.user_id)
    login_as("student")
    assert client.get(f"/mentoring/pairs/{pair.id}").status_code == 403
    assert client.post(f"/mentoring/pairs/{pair.id}/status",
                       data={"to": "closed"}).status_code == 403
    assert client.post(f"/mentoring/pairs/{pair.id}/goals",
                       data={"goals": "hijack"}).status_code == 403
    assert client.post(f"/mentoring/pairs/{pair.id}/sessions", data={
        "held_on": utcnow().date().isoformat(), "minutes": "30", "mode": "video"}
    ).status_code == 403
    assert client.get(f"/mentoring/sessions/{entry.id}/edit").status_code == 403
    login_as("company")  # another company member, not the mentor
    assert client.get(f"/mentoring/pairs/{pair.id}").status_code == 403
    db.session.refresh(pair)
    assert (pair.status, pair.goals) == ("active", "Prepare for ML engineering interviews.")
    assert _count(db, MentoringSession) == 1


def test_refused_transition_is_a_message_not_a_change(client, db, login_as):
    """A student cannot accept their own request: flashed message, status unchanged."""
    pair = factories.MentorshipFactory(mentor=make_mentor(), status="requested")
    login_as(pair.student.user)
    response = client.post(f"/mentoring/pairs/{pair.id}/status", data={"to": "active"},
                           follow_redirects=True)
    assert "You may not make this change" in _text(response)
    db.session.refresh(pair)
    assert pair.status == "requested"
    pair.status = "closed"
    db.session.commit()
    response = client.post(f"/mentoring/pairs/{pair.id}/status", data={"to": "active"},
                           follow_redirects=True)
    assert "A pair that is “Closed” cannot become “Active”." in _text(response)


def test_either_side_edits_goals_and_closes(client, db, login_as):
    """Goals are editable by both members; the student closes the pair."""
    pair = factories.MentorshipFactory(mentor=make_mentor(), status="active")
    login_as(pair.mentor.user)
    client.post(f"/mentoring/pairs/{pair.id}/goals", data={"goals": "Portfolio"})
    login_as(pair.student.user)
    client.post(f"/mentoring/pairs/{pair.id}/goals", data={"goals": "Portfolio and CV"})
    client.post(f"/mentoring/pairs/{pair.id}/status", data={"to": "closed"})
    db.session.refresh(pair)
    assert (pair.goals, pair.status) == ("Portfolio and CV", "closed")


def test_admin_list_filters_inactive_and_pairs_directly(client, db, login_as):
    """The admin sees an inactive flag, filters on it, and pairs a mentor and a student."""
    stale = factories.MentorshipFactory(mentor=make_mentor(name="Stale Mentor"), status="active",
                                        started_at=utcnow() - timedelta(days=61))
    fresh = factories.MentorshipFactory(mentor=make_mentor(name="Fresh Mentor"), status="active")
    login_as("admin")
    table = _table(client.get("/mentoring/admin?inactive=y"))
    assert "Stale Mentor" in table and "Fresh Mentor" not in table and "Inactive</span>" in table
    assert f"/mentoring/pairs/{stale.id}" in table
    table = _table(client.get("/mentoring/admin?status=active"))
    assert f"/mentoring/pairs/{fresh.id}" in table and f"/mentoring/pairs/{stale.id}" in table
    mentor = make_mentor(name="New Mentor")
    student = make_mentee()
    db.session.commit()
    response = client.post("/mentoring/admin/pair", data={
        "mentor_id": str(mentor.id), "student_email": student.user.email.upper()})
    assert response.status_code == 302
    assert _count(db, Mentorship, Mentorship.mentor_id == mentor.id,
                  Mentorship.status == "active") == 1


def test_admin_pair_bad_input_by_the_field(client, db, login_as):
    """Unknown student e-mail or no mentor chosen: messages by the field, nothing written."""
    mentor = make_mentor()
    login_as("admin")
    response = client.post("/mentoring/admin/pair", data={
        "mentor_id": str(mentor.id), "student_email": "nobody@example.com"})
    assert response.status_code == 200 and 'id="student_email-error"' in _text(response)
    response = client.post("/mentoring/admin/pair", data={
        "mentor_id": "0", "student_email": "nobody@example.com"})
    assert response.status_code == 200 and 'id="mentor_id-error"' in _text(response)
    assert _count(db, Mentorship) == 0


def test_author_edits_own_session_through_the_form(client, db, login_as):
    """The edit form is prefilled and saves the author's correction."""
    pair = factories.MentorshipFactory(mentor=make_mentor(), status="active")
    entry = factories.MentoringSessionFactory(mentorship=pair, logged_by_id=pair.mentor.user_id,
                                              minutes=45, topics="CV review")
    login_as(pair.mentor.user)
    page = _text(client.get(f"/mentoring/sessions/{entry.id}/edit"))
    assert 'value="45"' in page and 'value="CV review"' in page
    response = client.post(f"/mentoring/sessions/{entry.id}/edit", data={
        "held_on": entry.held_on.isoformat(), "minutes": "0", "mode": "video"})
    assert 'id="minutes-error"' in _text(response)
    client.post(f"/mentoring/sessions/{entry.id}/edit", data={
        "held_on": entry.held_on.isoformat(), "minutes": "75", "mode": "phone",
        "topics": "Mock interview"})
    db.session.refresh(entry)
    assert (entry.minutes, entry.mode, entry.topics) == (75, "phone", "Mock interview")


def test_suspended_company_member_cannot_mentor(client, db, login_as):
    """A member of a suspended company cannot opt in nor accept a request: refused with a
    message, nothing changed."""
    mentor = make_mentor(company=factories.CompanyFactory(vetting_status="suspended"))
    pair = factories.MentorshipFactory(mentor=mentor, status="requested", started_at=None)
    login_as(mentor.user)
    response = client.post("/mentoring/mentor-profile", data={"active": "y", "capacity": "5"})
    assert "Your company is suspended" in _text(response)
    response = client.post(f"/mentoring/pairs/{pair.id}/status", data={"to": "active"},
                           follow_redirects=True)
    assert response.status_code == 403 and "Your company is suspended" in _text(response)
    db.session.expire_all()
    assert db.session.get(MentorProfile, mentor.id).capacity == 3
    assert db.session.get(Mentorship, pair.id).status == "requested"


def test_mentor_form_reports_capacity_and_skill_together(client, db, login_as):
    """Issue 14: a capacity below the active pairs and an unknown skill in one response."""
    from tests.errors_by_field import error_beside

    mentor = make_mentor(capacity=3, active_pairs=2)
    login_as(mentor.user)
    page = _text(client.post("/mentoring/mentor-profile", data={
        "active": "y", "capacity": "1", "skills": ["999999"]}))
    assert "2 active pairs" in error_beside(page, "capacity")
    assert "Unknown skill." in error_beside(page, "skills")
    db.session.expire_all()
    assert db.session.get(MentorProfile, mentor.id).capacity == 3


def test_session_minutes_and_date_are_reported_together(client, db, login_as):
    """The form's check (minutes) and the pair's rule (date ahead) come back at once."""
    from tests.errors_by_field import error_beside

    pair = factories.MentorshipFactory(mentor=make_mentor(), status="active")
    login_as(pair.student.user)
    page = _text(client.post(f"/mentoring/pairs/{pair.id}/sessions", data={
        "held_on": (utcnow().date() + timedelta(days=2)).isoformat(), "minutes": "0",
        "mode": "video"}))
    assert "between 1 and" in error_beside(page, "minutes")
    assert "more than a day ahead" in error_beside(page, "held_on")
    assert _count(db, MentoringSession) == 0
