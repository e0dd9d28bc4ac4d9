"""An unusual salary (HKD 3.6 M a year, or a monthly figure typed as yearly) is asked about
before it is saved; the graduate can confirm it."""

from __future__ import annotations

from tests.outcomes.test_outcomes import GRADUATED, _form, _outcomes


def test_unusual_salary_asks_before_saving_then_saves_when_confirmed(client, login_as, db):
    user = login_as("student", **GRADUATED)
    page = client.post("/outcomes/mine", data=_form(annual_salary="3600000"),
                       follow_redirects=True).get_data(as_text=True)
    assert "HKD 3,600,000 a year is unusual for a first job" in page
    assert 'name="salary_confirmed"' in page
    assert "Acme Robotics Limited" in page  # the typed values are kept
    assert _outcomes(db, user.student.id) == []
    page = client.post("/outcomes/mine", data=_form(annual_salary="3600000",
                                                    salary_confirmed="y"),
                       follow_redirects=True).get_data(as_text=True)
    assert "your first destination is recorded" in page
    assert _outcomes(db, user.student.id)[0].annual_salary == 3_600_000


def test_a_monthly_figure_is_questioned_and_a_usual_one_is_not(client, login_as, db):
    login_as("student", **GRADUATED)
    page = client.post("/outcomes/mine", data=_form(annual_salary="25000")).get_data(
        as_text=True)
    assert "HKD 25,000 a year is unusual" in page
    page = client.get("/outcomes/mine").get_data(as_text=True)
    assert 'name="salary_confirmed"' not in page
