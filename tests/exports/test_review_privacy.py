"""Review findings on exports: a dean's CSV never carries an individual's salary."""

from __future__ import annotations

import csv
import io

from tests import factories


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8")[1:], newline="")))


def test_dean_outcomes_export_has_no_individual_salary(db, client, login_as):
    """A salary shown for one graduate rests on one salary (< 5): deans never get it."""
    faculty = factories.FacultyFactory()
    login_as("dean", university=faculty.university)
    factories.GraduateOutcomeFactory(annual_salary=987654,
                                     student=factories.StudentProfileFactory(faculty=faculty))
    db.session.commit()
    response = client.get("/exports/outcomes.csv")
    assert response.status_code == 200
    rows = _rows(response)
    assert "annual_salary_hkd" not in rows[0]
    assert "987654" not in response.data.decode("utf-8")


def test_admin_outcomes_export_keeps_the_salary(db, client, login_as):
    """Admins see everything, the salary column included."""
    login_as("admin")
    factories.GraduateOutcomeFactory(annual_salary=987654)
    db.session.commit()
    rows = _rows(client.get("/exports/outcomes.csv"))
    assert rows[1][rows[0].index("annual_salary_hkd")] == "987654"
