"""A small hand-built cohort; every number the tests expect is worked out in the comments.

Faculty "Engineering" (university HKX), cohort 2025 (graduated 30 June 2025), 10 students:
  e0..e3  employed full-time, salaries 300k/360k/420k/480k; employers: e0, e1 at a Science
          Park company, e2 at a non-park directory company, e3 no directory company;
          locations HK, HK, HK, GBA; outcome 60/90/120/150 days after graduation
  e4      employed part-time, overseas, 30 days
  e5, e6  further study, 70 days each
  e7      still seeking (plus an OLD non-current "employed" record that must be ignored)
  e8      not seeking
  e9      no outcome record at all (= no information)
Faculty "Science", cohort 2025: s0 full-time 500k (HK), s1 further study.
One Engineering student of cohort 2024: full-time (must not count in 2025).

Internships of Engineering 2025: e0 two (confirmed; completed with return offer), e1 completed
without offer, e2 pending (not counted), e3 disputed (not counted), e4 completed whose
feedback says return offer.
Applications of Engineering 2025: submitted only; shortlisted then rejected; interview only;
offered and accepted; offered then declined; withdrawn → 6 / 4 / 2 / 1.
Mentoring: e0 active (45 + 75 min), e1 closed (60 min), e2 requested, e0 also declined.
Skills: Python gaps 2 (e0), −1 (e1), 1 (e4); Teamwork gaps 0 (e0), 1 (e1).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tests import factories as f

GRADUATION = date(2025, 6, 30)


def outcome(student, category, days=None, **kwargs):
    """A current outcome `days` after graduation."""
    kwargs.setdefault("annual_salary", None)
    kwargs.setdefault("location", None)
    kwargs.setdefault("employer_name", None)
    return f.GraduateOutcomeFactory(student=student, category=category,
                                    outcome_date=GRADUATION + timedelta(days=days or 100),
                                    **kwargs)


def build_cohort(university=None) -> dict:
    """Create the cohort above; returns the objects tests need."""
    uni = university or f.UniversityFactory(code="HKX", name="Hong Kong X University")
    eng = f.FacultyFactory(university=uni, name="Engineering")
    sci = f.FacultyFactory(university=uni, name="Science")
    park = f.CompanyFactory(name="Park Robotics", is_park_tenant=True, cluster="ai_robotics")
    other = f.CompanyFactory(name="Elsewhere Ltd", is_park_tenant=False, cluster="fintech")
    e = [f.StudentProfileFactory(faculty=eng, expected_graduation=GRADUATION) for _ in range(10)]
    s = [f.StudentProfileFactory(faculty=sci, expected_graduation=GRADUATION) for _ in range(2)]
    old = f.StudentProfileFactory(faculty=eng, expected_graduation=date(2024, 6, 30))
    for student, salary, company, loc, days in (
            (e[0], 300000, park, "hong_kong", 60), (e[1], 360000, park, "hong_kong", 90),
            (e[2], 420000, other, "hong_kong", 120), (e[3], 480000, None, "gba", 150)):
        outcome(student, "employed_full_time", days, annual_salary=salary,
                employer_company=company, location=loc)
    outcome(e[4], "employed_part_time", 30, location="overseas")
    outcome(e[5], "further_study", 70)
    outcome(e[6], "further_study", 70)
    outcome(e[7], "employed_full_time", 20, is_current=False, annual_salary=999999)
    outcome(e[7], "seeking", 100)
    outcome(e[8], "not_seeking", 100)
    outcome(s[0], "employed_full_time", 40, annual_salary=500000, location="hong_kong")
    outcome(s[1], "further_study", 40)
    outcome(old, "employed_full_time", 40, annual_salary=200000, location="hong_kong")

    i0 = f.InternshipFactory(student=e[0], company=park, status="confirmed")
    i1 = f.InternshipFactory(student=e[0], company=park, status="completed", return_offer=True)
    i2 = f.InternshipFactory(student=e[1], company=other, status="completed")
    f.InternshipFactory(student=e[2], company=park, status="pending")
    f.InternshipFactory(student=e[3], company=park, status="disputed")
    i4 = f.InternshipFactory(student=e[4], company=park, status="completed")
    python = f.SkillFactory(name="Python")
    teamwork = f.SkillFactory(name="Teamwork", kind="competency", cluster=None)
    fb1 = f.SkillFeedbackFactory(internship=i1, return_offer=True)
    fb2 = f.SkillFeedbackFactory(internship=i2)
    fb4 = f.SkillFeedbackFactory(internship=i4, return_offer=True)
    for fb, skill, expected, observed in ((fb1, python, 4, 2), (fb1, teamwork, 3, 3),
                                          (fb2, python, 3, 4), (fb2, teamwork, 4, 3),
                                          (fb4, python, 4, 3)):
        f.SkillRatingFactory(feedback=fb, skill=skill, expected=expected, observed=observed)

    position = f.PositionFactory(company=park)
    now = datetime(2025, 3, 1)
    stages = (
        {"status": "submitted"},
        {"status": "rejected", "shortlisted_at": now, "rejected_at": now},
        {"status": "interview", "interview_at": now},
        {"status": "accepted", "offered_at": now, "accepted_at": now},
        {"status": "declined", "offered_at": now, "declined_at": now},
        {"status": "withdrawn", "withdrawn_at": now},
    )
    for student, stage in zip(e, stages, strict=False):
        f.ApplicationFactory(student=student, position=position, **stage)

    m0 = f.MentorshipFactory(student=e[0], status="active")
    f.MentoringSessionFactory(mentorship=m0, minutes=45)
    f.MentoringSessionFactory(mentorship=m0, minutes=75)
    m1 = f.MentorshipFactory(student=e[1], status="closed")
    f.MentoringSessionFactory(mentorship=m1, minutes=60)
    f.MentorshipFactory(student=e[2], status="requested")
    f.MentorshipFactory(student=e[0], status="declined", mentor=m1.mentor)
    return {"university": uni, "eng": eng, "sci": sci, "park": park, "i0": i0,
            "python": python, "teamwork": teamwork, "students": e}
