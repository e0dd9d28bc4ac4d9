"""The graduate-outcomes list names cohorts as academic years ("2024/25"), like the dean's home
page and dashboards: a bare "2025" there read like a different cohort from "2024/25"."""

from __future__ import annotations

from datetime import date

from tests import factories


def test_outcomes_list_shows_academic_years_in_column_and_filter(client, login_as, db):
    dean = login_as("dean")
    faculty = factories.FacultyFactory(university=dean.dean_assignment.university)
    factories.StudentProfileFactory(faculty=faculty, expected_graduation=date(2025, 6, 30),
                                    user__full_name="Chan Tai Man")
    db.session.commit()
    html = client.get("/outcomes/graduates").get_data(as_text=True)
    assert "Graduating cohort" in html
    assert '<td class="text-nowrap">2024/25</td>' in html
    assert '<option value="2025" >2024/25</option>' in html
    filtered = client.get("/outcomes/graduates?cohort=2025").get_data(as_text=True)
    assert "Chan Tai Man" in filtered
    assert '<option value="2025" selected>2024/25</option>' in filtered
