"""The company's applicant pipeline: search by name or e-mail, sort (best skills match too),
a skills-match column and a CSV download linked from the page."""

from __future__ import annotations

from tests import factories
from tests.applications.helpers import company_with_member


def _pipeline(db):
    company, member = company_with_member()
    position = factories.PositionFactory(company=company, title="Vision Intern")
    python, cv = factories.SkillFactory(name="Python"), factories.SkillFactory(name="OpenCV")
    factories.PositionSkillFactory(position=position, skill=python, required_level=3)
    factories.PositionSkillFactory(position=position, skill=cv, required_level=3)
    strong = factories.ApplicationFactory(position=position,
                                          student__user__full_name="Wong Strong")
    weak = factories.ApplicationFactory(position=position, student__user__full_name="Lee Weak")
    for skill in (python, cv):
        factories.StudentSkillFactory(student_id=strong.student.id, skill=skill, level=4)
    factories.StudentSkillFactory(student_id=weak.student.id, skill=python, level=1)
    db.session.commit()
    return member, strong, weak


def test_search_sort_and_match(client, login_as, db):
    member, _strong, _weak = _pipeline(db)
    login_as(member)
    page = client.get("/company/applicants?sort=match").get_data(as_text=True)
    assert page.index("Wong Strong") < page.index("Lee Weak")
    assert "<td>100 %</td>" in page and "<td>0 %</td>" in page
    assert "/exports/applicants.csv" in page
    found = client.get("/company/applicants?q=lee").get_data(as_text=True)
    assert "Lee Weak" in found and "Wong Strong" not in found
    by_name = client.get("/company/applicants?sort=name").get_data(as_text=True)
    assert by_name.index("Lee Weak") < by_name.index("Wong Strong")
    odd = client.get("/company/applicants?sort=nonsense&q=%25")
    assert odd.status_code == 200
