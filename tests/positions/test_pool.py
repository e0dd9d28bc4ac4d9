"""The students' Talent Pool: visibility, every filter, sort, pages, and no N+1 queries."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event

from foundry.extensions import db as _db
from tests import factories


def _titles(client, query=""):
    page = client.get("/positions" + query).get_data(as_text=True)
    return page


def test_only_open_positions_of_verified_companies(client, login_as, db):
    shown = factories.PositionFactory(title="Visible Role")
    factories.PositionFactory(title="Draft Role", status="draft")
    factories.PositionFactory(title="Closed Role", status="closed")
    factories.PositionFactory(title="Pending Co Role", company__vetting_status="pending")
    factories.PositionFactory(title="Suspended Co Role", company__vetting_status="suspended")
    login_as("student")
    page = _titles(client)
    assert "Visible Role" in page and shown.company.name in page
    for hidden in ("Draft Role", "Closed Role", "Pending Co Role", "Suspended Co Role"):
        assert hidden not in page


def test_suspending_a_company_hides_its_positions(client, login_as, db):
    position = factories.PositionFactory(title="Soon Hidden")
    login_as("student")
    assert "Soon Hidden" in _titles(client)
    position.company.vetting_status = "suspended"
    db.session.commit()
    assert "Soon Hidden" not in _titles(client)
    assert client.get(f"/positions/{position.id}").status_code == 404


def test_filters(client, login_as, db):
    python = factories.SkillFactory(name="Python")
    event_ = factories.EventFactory(name="AI in Action 2026")
    a = factories.PositionFactory(title="Alpha Fintech", cluster="fintech", kind="graduate",
                                  site="innocentre", mode="remote", paid=False,
                                  programme=factories.TalentProgrammeFactory(
                                      name="Fintech Drive", kind="drive"),
                                  company__name="Ledger Labs Limited")
    factories.PositionSkillFactory(position=a, skill=python)
    b = factories.PositionFactory(title="Beta Robotics", description="Work on quadrupeds",
                                  event=event_)
    login_as("student")
    cases = {
        "?q=alpha": {"Alpha Fintech"}, "?q=quadrupeds": {"Beta Robotics"},
        "?q=ledger": {"Alpha Fintech"}, "?cluster=fintech": {"Alpha Fintech"},
        "?kind=graduate": {"Alpha Fintech"}, "?site=innocentre": {"Alpha Fintech"},
        "?mode=remote": {"Alpha Fintech"}, "?paid=no": {"Alpha Fintech"},
        "?paid=yes": {"Beta Robotics"}, f"?skill={python.id}": {"Alpha Fintech"},
        f"?tag=programme:{a.programme_id}": {"Alpha Fintech"},
        f"?tag=event:{event_.id}": {"Beta Robotics"},
        "?cluster=healthtech": set(), "": {"Alpha Fintech", "Beta Robotics"},
    }
    for query, expected in cases.items():
        page = _titles(client, query)
        found = {t for t in ("Alpha Fintech", "Beta Robotics") if t in page}
        assert found == expected, query
    assert b.id  # used


def test_deadline_filter_on_by_default(client, login_as, db):
    factories.PositionFactory(title="Expired Role", deadline=date.today() - timedelta(days=2))
    factories.PositionFactory(title="No Deadline Role", deadline=None)
    login_as("student")
    page = _titles(client)
    assert "Expired Role" not in page and "No Deadline Role" in page
    assert "checked" in page.split('id="current"')[0].rsplit("<input", 1)[-1] + page.split(
        'id="current"')[1].split(">", 1)[0]
    # the form was submitted with the box unticked: past deadlines included
    assert "Expired Role" in _titles(client, "?filtered=1")
    assert "Expired Role" not in _titles(client, "?filtered=1&current=y")


def test_sort_by_deadline_or_newest(client, login_as, db):
    late = factories.PositionFactory(title="Late Deadline", deadline=date.today() + timedelta(60))
    soon = factories.PositionFactory(title="Soon Deadline", deadline=date.today() + timedelta(5))
    login_as("student")
    page = _titles(client, "?sort=deadline")
    assert page.index("Soon Deadline") < page.index("Late Deadline")
    page = _titles(client, "?sort=newest")
    assert page.index(late.title) > page.index(soon.title)  # soon was created last


def test_pagination_keeps_filters(client, login_as, db):
    for i in range(15):
        factories.PositionFactory(title=f"Paged Role {i:02d}", cluster="fintech")
    login_as("student")
    page = _titles(client, "?cluster=fintech")
    assert "15 positions" in page and "Page 1 of 2" in page
    assert "cluster=fintech" in page.split("Next")[0].rsplit("href=", 1)[-1]
    assert "Page 2 of 2" in _titles(client, "?cluster=fintech&page=2")


def test_pool_queries_do_not_grow_with_rows(client, login_as, db, app):
    login_as("student")

    def count_queries(query=""):
        statements = []

        def record(*args):
            statements.append(args[2])

        event.listen(_db.engine, "before_cursor_execute", record)
        try:
            client.get("/positions" + query)
        finally:
            event.remove(_db.engine, "before_cursor_execute", record)
        # The signed-in user and their own rows (consent, profile) are reloaded after a commit
        # expired them, depending on what ran before in this session; the rest is the page's.
        own = ("SELECT users.", "SELECT consents.", "SELECT student_profiles.")
        return len([s for s in statements if not s.startswith(own)])

    for _ in range(2):
        position = factories.PositionFactory()
        factories.PositionSkillFactory(position=position)
    db.session.commit()
    count_queries()  # warm-up: first-request work (e.g. the user's consent check) not counted
    few = count_queries()
    for _ in range(8):
        position = factories.PositionFactory()
        factories.PositionSkillFactory(position=position)
        factories.PositionSkillFactory(position=position)
    db.session.commit()
    assert count_queries() == few


def test_bad_filter_values_are_ignored_not_errors(client, login_as, db):
    factories.PositionFactory(title="Still Listed")
    login_as("student")
    response = client.get("/positions?cluster=nope&skill=abc&sort=random&page=-3&tag=event:x")
    assert response.status_code == 200
