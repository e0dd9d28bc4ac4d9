"""What the QA walkthrough saw: the empty select options, open-ended dates, grouped skills."""

from __future__ import annotations

import re
from datetime import date

from tests import factories


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    return [text.strip() for text in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_position_form_empty_choices_read_none_not_python_none(client, login_as, db):
    member = login_as("company")
    position = factories.PositionFactory(company=member.membership.company, programme=None,
                                         event=None)
    db.session.commit()
    for url in ("/company/positions/new", f"/company/positions/{position.id}/edit"):
        page = client.get(url).get_data(as_text=True)
        for name in ("programme_id", "event_id"):
            options = _options(page, name)
            assert options[0] == "— none —" and "None" not in options, (url, name)


def _dates(client, position) -> str:
    page = client.get(f"/positions/{position.id}").get_data(as_text=True)
    found = re.search(r">Dates</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()) if found else ""


def test_detail_dates_without_an_end_or_a_start(client, login_as, db):
    login_as("student")
    both = factories.PositionFactory(start_date=date(2027, 9, 1), end_date=date(2027, 12, 31))
    start_only = factories.PositionFactory(start_date=date(2027, 9, 1), end_date=None)
    end_only = factories.PositionFactory(start_date=None, end_date=date(2027, 12, 31))
    neither = factories.PositionFactory(start_date=None, end_date=None)
    db.session.commit()
    assert _dates(client, both) == "1 Sept 2027 – 31 Dec 2027"
    assert _dates(client, start_only) == "from 1 Sept 2027"
    assert _dates(client, end_only) == "until 31 Dec 2027"
    assert _dates(client, neither) == ""


def test_my_skills_grouped_by_kind_then_cluster(client, login_as, db):
    login_as("student")
    factories.SkillFactory(name="Python", kind="technical", cluster="fintech")
    factories.SkillFactory(name="ROS", kind="technical", cluster="ai_robotics")
    factories.SkillFactory(name="Teamwork", kind="competency", cluster=None)
    factories.SkillFactory(name="SLAM", kind="technical", cluster="ai_robotics")
    db.session.commit()
    page = client.get("/me/skills").get_data(as_text=True)
    headings = [" ".join(h.split()) for h in
                re.findall(r'<th scope="colgroup"[^>]*>(.*?)</th>', page, re.S)]
    assert headings == ["Career-readiness competency", "Technical skill · AI &amp; robotics",
                        "Technical skill · Fintech"]
    order = [page.index(name) for name in ("Teamwork", "ROS", "SLAM", "Python")]
    assert order == sorted(order)
