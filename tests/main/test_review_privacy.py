"""Review findings: the dean's home table goes through the one privacy step (rounding), so
a shown total minus a shown part never gives an exact small count."""

from __future__ import annotations

import re

from tests import factories


def test_dean_home_rounds_every_count(client, login_as, db):
    """20 students, 17 of them interned: 17 is never shown, so 20 − 17 reveals nobody."""
    user = login_as("dean")
    faculty = factories.FacultyFactory(university=user.dean_assignment.university)
    students = factories.StudentProfileFactory.create_batch(20, faculty=faculty)
    for student in students[:17]:
        factories.InternshipFactory(student=student, status="confirmed")
    db.session.commit()
    page = client.get("/home").get_data(as_text=True)
    cells = re.findall(r'<td class="text-end">([^<]*)</td>', page)
    assert cells and ">17<" not in page
    assert all(int(c) % 5 == 0 for c in cells)
