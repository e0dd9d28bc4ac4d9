"""Review findings: the dean's home table goes through the one suppression step, complements
included (a shown total minus a shown part must not reveal a count under the threshold)."""

from __future__ import annotations

from tests import factories


def test_dean_home_hides_a_part_whose_complement_is_small(client, login_as, db):
    """20 students, 17 of them interned: showing 20 and 17 reveals the 3 without one."""
    user = login_as("dean")
    faculty = factories.FacultyFactory(university=user.dean_assignment.university)
    students = factories.StudentProfileFactory.create_batch(20, faculty=faculty)
    for student in students[:17]:
        factories.InternshipFactory(student=student, status="confirmed")
    db.session.commit()
    page = client.get("/home").get_data(as_text=True)
    assert ">20<" in page
    assert ">17<" not in page
    assert ">n/p<" in page


def test_dean_home_still_shows_safe_counts(client, login_as, db):
    """10 students, 5 interned: both sides are at least 5, so the 5 is shown."""
    user = login_as("dean")
    faculty = factories.FacultyFactory(university=user.dean_assignment.university)
    students = factories.StudentProfileFactory.create_batch(10, faculty=faculty)
    for student in students[:5]:
        factories.InternshipFactory(student=student, status="confirmed")
    db.session.commit()
    page = client.get("/home").get_data(as_text=True)
    assert ">10<" in page and ">5<" in page and ">n/p<" not in page
