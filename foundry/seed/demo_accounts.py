"""The hand-placed part of the demo: one rich account per role around HarbourMind AI Limited."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from foundry.seed import demo
from foundry.seed.academia import add_student
from foundry.seed.careers import add_application, add_internship
from foundry.seed.companies import add_company, add_member
from foundry.seed.demo_comforts import note_offer
from foundry.seed.events import CAREER_DAY, add_registration, event_start
from foundry.seed.feedback import add_feedback
from foundry.seed.generate import current_season
from foundry.seed.mentoring import add_mentorship
from foundry.seed.outcomes import add_outcome
from foundry.seed.positions import add_position
from foundry.seed.world import PositionRec, StudentRec, World

LAUNCH = datetime(2025, 2, 3, 2, 0)  # accounts created at the Talent Foundry launch

# Applicants of the open internship, one or more in every pipeline state.
PIPELINE = ("submitted", "submitted", "submitted", "shortlisted", "shortlisted", "interview",
            "interview", "offered", "accepted", "declined", "rejected", "rejected", "withdrawn")


def build_demo_accounts(world: World) -> None:
    """The demo company, student, graduate, dean and admin, with data on every home page."""
    rng, today = world.rng, world.today
    season = current_season(today)
    names = {label: (email, name) for label, email, name, _what in demo.DEMO_ACCOUNTS}
    company = add_company(world, name=demo.DEMO_COMPANY, cluster="ai_robotics",
                          status="verified", site="science_park", startup=True, size="51-200")
    member = _identity(names["company"][1])
    member_id = add_member(world, company, created=LAUNCH, email=names["company"][0],
                           identity=member, title="Talent Acquisition Lead", mentor=True,
                           capacity=4)
    mentor = world.mentors[-1]
    for event in (CAREER_DAY, "Talent Foundry Campus Session at HKUST"):
        link_id = world.event_company_ids[(world.events[event], company.id)] = \
            world.writer.new_id("event_companies")
        world.writer.add("event_companies", {"id": link_id,
                                             "event_id": world.events[event],
                                             "company_id": company.id, "status": "approved",
                                             "updated_at": LAUNCH})
        world.event_companies.setdefault(world.events[event], []).insert(0, company)
    p_event = add_position(world, company, season=2025, kind="internship",
                           title="AI Research Intern (Summer 2025)",
                           tag="AI in Action Career Day", event_id=world.events[CAREER_DAY],
                           opens_on=event_start(CAREER_DAY).date())
    p_summer = add_position(world, company, season=2026, kind="internship",
                            title="Machine Learning Intern (Summer 2026)")
    launched = today - timedelta(days=60)  # open long enough for a whole pipeline
    p_open = add_position(world, company, season=season, kind="internship", status="open",
                          title=f"Computer Vision Intern (Summer {season})", opens_on=launched)
    p_grad = add_position(world, company, season=season, kind="graduate", status="open",
                          title=f"Machine Learning Engineer (Graduate {season})",
                          opens_on=launched)
    p_part = add_position(world, company, season=season, kind="part_time", status="closed",
                          title="Robotics Software Assistant (Part-time)")
    add_position(world, company, season=season, kind="internship", status="draft",
                 title=f"Data Engineering Intern (Summer {season})")

    hkust_eng = next(f for f in world.faculties
                     if f.university_code == "HKUST" and f.kind == "eng")
    programmes = {name: pid for pid, name, _lv in hkust_eng.programmes}
    student = add_student(world, fac=hkust_eng,
                          programme_id=programmes["BEng Computer Engineering"],
                          level="bachelor", cohort=2027, identity=_identity(names["student"][1]),
                          email=names["student"][0], quality=0.7,
                          clusters=("ai_robotics", "microelectronics"),
                          headline="Final-year computer engineering student: robot perception "
                                   "and embedded AI",
                          mentee_goals="Prepare for graduate-role interviews and choose between "
                                       "robot perception and embedded AI for my first job.")
    graduate = add_student(world, fac=hkust_eng,
                           programme_id=programmes["BEng Electronic Engineering"],
                           level="bachelor", cohort=2026, email=names["graduate"][0],
                           identity=_identity(names["graduate"][1]), quality=0.5,
                           clusters=("ai_robotics",),
                           headline="Machine learning engineer at HarbourMind AI")

    # The student: a completed internship with feedback, an offer, applications in several states.
    summer, feedback = _intern(world, student, company, p_summer, status="completed",
                               return_offer=True)
    offer_id, offered_at = add_application(world, student, p_grad, status="offered", live=True)
    note_offer(world, "graduate", offer_id, start=p_grad.start)
    world.extras["demo_student"] = {"id": student.id}
    others = [p for p in world.positions if p.company_id != company.id and p.status == "open"
              and p.opens < today and world.company(p.company_id).status == "verified"]
    grads = [p for p in others if p.kind == "graduate"]
    interns = [p for p in others if p.kind == "internship"]
    interview_id, invited_at = add_application(world, student, grads[0], status="interview",
                                               live=True)
    add_application(world, student, grads[1], status="submitted", live=True)
    add_application(world, student, interns[0], status="withdrawn", live=True)
    past = [p for p in world.positions if p.kind == "internship" and p.season == 2026
            and p.company_id != company.id and p.status == "closed"]
    add_application(world, student, past[0], status="rejected", live=False,
                    rejected_after="interview")
    add_mentorship(world, mentor, student, status="active", sessions=4, quiet=False)
    add_registration(world, world.events[CAREER_DAY], student.id, event_start(CAREER_DAY),
                     checked_in=True)
    fintech = "Fintech Recruitment Drive"
    add_registration(world, world.events[fintech], student.id, event_start(fintech),
                     checked_in=False)

    # The graduate: met HarbourMind at the career day, interned, got a return offer, joined.
    _intern(world, graduate, company, p_event, status="completed", return_offer=True)
    add_registration(world, world.events[CAREER_DAY], graduate.id, event_start(CAREER_DAY),
                     checked_in=True)
    add_outcome(world, graduate, category="employed_full_time", source="survey",
                outcome_day=min(date(2026, 7, 20), today - timedelta(days=1)),
                company_id=company.id, salary=26000 * 12, location="hong_kong")

    # The company: applicants in every state, interns, a pending confirmation, mentees.
    pool = [s for s in world.students if s.cohort in (2027, 2028) and s.graduation > today
            and s is not student]
    picked = rng.sample(pool, len(PIPELINE) + 12)
    newest: tuple[int, datetime] | None = None
    for applicant, status in zip(picked, PIPELINE, strict=False):
        app_id, at = add_application(world, applicant, p_open, status=status, live=True)
        if status == "submitted" and (newest is None or at > newest[1]):
            newest = (app_id, at)
        if status == "offered":
            note_offer(world, "internship", app_id, start=p_open.start)
        if status == "accepted":  # confirmed ahead of the summer; the one pending is below
            accepted = (app_id, at)
            add_internship(world, applicant, company, p_open, application_id=app_id,
                           accepted_at=at, status="confirmed")
    rest = picked[len(PIPELINE):]
    for applicant, status in zip(rest[:4], ("submitted", "interview", "rejected", "shortlisted"),
                                 strict=True):
        add_application(world, applicant, p_grad, status=status, live=True)
    _intern(world, rest[4], company, p_summer, status="completed", return_offer=False)
    _intern(world, rest[5], company, p_summer, status="completed", return_offer=False,
            feedback=False)  # feedback still to give
    _intern(world, rest[6], company, p_summer, status="ended_early")
    _intern(world, rest[7], company, p_part, status="confirmed")
    pending = add_internship(world, rest[8], company, None, start=today - timedelta(days=20),
                             end=today + timedelta(days=60), status="pending")
    add_mentorship(world, mentor, rest[9], status="active", sessions=3, quiet=True)
    add_mentorship(world, mentor, rest[10], status="requested")
    add_mentorship(world, mentor, rest[11], status="closed", sessions=5)

    inbox = [
        (student.user_id, f"{p_grad.title} at {company.name}: you have an offer. Accept or "
                          "decline it from the application page.",
         f"/applications/{offer_id}", offered_at, False),
        (student.user_id, f"{grads[0].title} at {world.company(grads[0].company_id).name}: you "
                          "are invited to an interview.",
         f"/applications/{interview_id}", invited_at, True),
        (member_id, f"A new application for {p_open.title} is waiting for review.",
         f"/applications/{newest[0]}", newest[1], False),
        (member_id, f"An applicant accepted your offer for {p_open.title}.",
         f"/applications/{accepted[0]}", accepted[1], True),
        (member_id, f"A student logged an internship at {company.name} from "
                    f"{pending['start_date']:%d %b %Y}: please confirm it.",
         f"/internships/{pending['id']}", pending["created_at"], False),
    ]
    if feedback is not None:
        inbox.append((student.user_id, f"{company.name} gave you skills feedback on your "
                                       f"internship {p_summer.title}.",
                      f"/internships/{summer['id']}/feedback/view",
                      feedback["submitted_at"], True))
    _notifications(world, inbox)

    dean_email, dean_name = names["dean"]
    dean_id = world.add_user(email=dean_email, full_name=dean_name, role="dean", created=LAUNCH)
    world.writer.add("dean_assignments", {
        "id": world.writer.new_id("dean_assignments"), "user_id": dean_id,
        "university_id": world.universities["HKUST"], "faculty_id": None,
        "title": "Associate Provost, Talent Foundry lead"})
    admin_email, admin_name = names["admin"]
    world.add_user(email=admin_email, full_name=admin_name, role="admin", created=LAUNCH)
    world.emails.update({dean_email, admin_email, *(e for e, _n in names.values())})


def _notifications(world: World, inbox: list[tuple[int, str, str, datetime, bool]]) -> None:
    """Queue in-app notifications (user, message, link, sent at, read?); read ones an hour on."""
    for user_id, message, link, sent, read in inbox:
        sent = min(sent, world.cutoff)
        world.writer.add("notifications", {
            "id": world.writer.new_id("notifications"), "user_id": user_id,
            "message": message[:300], "link": link, "created_at": sent,
            "read_at": min(sent + timedelta(hours=1), world.cutoff) if read else None})


def _identity(full_name: str) -> tuple[str, str, str]:
    """(full name, given name, surname) of a demo account's name."""
    parts = full_name.removeprefix("Prof. ").split()
    return full_name, parts[0], parts[1]


def _intern(world: World, student: StudentRec, company, position: PositionRec, *, status: str,
            return_offer: bool | None = None, feedback: bool = True) -> tuple[dict, dict | None]:
    """An accepted application, its internship in a given state and, when completed, feedback;
    returns the internship and feedback rows."""
    app_id, accepted_at = add_application(world, student, position, status="accepted",
                                          live=False)
    row = add_internship(world, student, company, position, application_id=app_id,
                         accepted_at=accepted_at, status=status, return_offer=return_offer)
    given = None
    if status == "completed" and feedback:
        given = add_feedback(world, row, student, company, position)
    return row, given
