"""The Talent Pool sorted by best skills match for the signed-in student (the pipeline's rule),
on the pages and in the API's positions list."""

from __future__ import annotations

from tests import factories


def _world():
    """Three positions needing Python (and SQL) at 3, and one needing nothing; a student with
    Python at 4 and SQL at 1."""
    python, sql = factories.SkillFactory(name="Python"), factories.SkillFactory(name="SQL")
    full = factories.PositionFactory(title="Full Match Role")
    half = factories.PositionFactory(title="Half Match Role")
    none_ = factories.PositionFactory(title="No Match Role")
    factories.PositionFactory(title="No Skills Role")
    factories.PositionSkillFactory(position=full, skill=python, required_level=3)
    factories.PositionSkillFactory(position=half, skill=python, required_level=3)
    factories.PositionSkillFactory(position=half, skill=sql, required_level=3)
    factories.PositionSkillFactory(position=none_, skill=sql, required_level=2)
    student = factories.StudentProfileFactory()
    factories.StudentSkillFactory(student_id=student.id, skill=python, level=4)
    factories.StudentSkillFactory(student_id=student.id, skill=sql, level=1)
    return student, ["Full Match Role", "Half Match Role", "No Match Role", "No Skills Role"]


def _order(text: str, titles: list[str]) -> list[str]:
    return sorted(titles, key=text.index)


def test_pool_sorts_by_best_match_and_shows_it(client, login_as, db):
    student, best_first = _world()
    login_as(student.user)
    page = client.get("/positions?sort=match").get_data(as_text=True)
    assert _order(page, best_first) == best_first
    assert "Best skills match" in page
    assert "Your skills match: 100 %" in page and "Your skills match: 50 %" in page
    assert "Your skills match: 0 %" in page and "No skills required" in page


def test_admin_has_no_match_sort_and_falls_back(client, login_as, db):
    _world()
    login_as("admin")
    response = client.get("/positions?sort=match")
    assert response.status_code == 200
    assert "Best skills match" not in response.get_data(as_text=True)
