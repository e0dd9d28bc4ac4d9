"""Talent Pool search through the index: every word, any field, best match first, the index
kept in step by the database, hostile input harmless, page and count in one query."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from foundry.extensions import db as _db
from foundry.models import Position
from foundry.positions import queries
from tests import factories


def _order(client, query, titles):
    """The titles that the Talent Pool shows for a query, in page order."""
    page = client.get("/positions" + query).get_data(as_text=True)
    return [t for _i, t in sorted((page.index(t), t) for t in titles if t in page)]


def test_best_match_first_when_searching(client, login_as, db):
    # created in this order, all with the same deadline: without relevance the order is by id
    factories.PositionFactory(title="Data Analyst", description="Robotics data for our robots")
    factories.PositionFactory(title="Junior Engineer", company__name="Robotics Works Limited")
    factories.PositionFactory(title="Robotics Engineer")
    login_as("student")
    titles = ["Data Analyst", "Junior Engineer", "Robotics Engineer"]
    assert _order(client, "?q=robotics", titles) == [
        "Robotics Engineer", "Junior Engineer", "Data Analyst"]  # title, company, description
    # an explicit sort still wins
    assert _order(client, "?q=robotics&sort=deadline", titles) == titles


def test_every_word_must_match_in_any_field(client, login_as, db):
    python = factories.SkillFactory(name="Python")
    both = factories.PositionFactory(title="Machine Learning Intern",
                                     company__name="Harbour Vision")
    factories.PositionSkillFactory(position=both, skill=python)
    factories.PositionFactory(title="Machine Shop Technician")
    factories.PositionFactory(title="Learning Designer", description="python scripts")
    login_as("student")
    titles = ["Machine Learning Intern", "Machine Shop Technician", "Learning Designer"]
    assert _order(client, "?q=machine+python", titles) == ["Machine Learning Intern"]
    assert _order(client, "?q=harbour+learning", titles) == ["Machine Learning Intern"]
    assert set(_order(client, "?q=LEARNING+python", titles)) == {  # skill or description
        "Learning Designer", "Machine Learning Intern"}
    # words in any order, and a short one (under a trigram) too
    assert _order(client, "?q=intern+ml+machine", titles) == []
    assert _order(client, "?q=in+machine", titles) == [
        "Machine Learning Intern", "Machine Shop Technician"]


def test_chinese_text_is_found(client, login_as, db):
    skill = factories.SkillFactory(name="Machine learning", name_zh="機器學習")
    position = factories.PositionFactory(title="AI 工程師", company__name="港灣智能有限公司",
                                         description="負責深度學習模型")
    factories.PositionSkillFactory(position=position, skill=skill)
    factories.PositionFactory(title="Other Role")
    login_as("student")
    for query in ("工程師", "港灣智能", "機器學習", "深度", "學習 工程師"):
        assert _order(client, f"?q={query}", ["AI 工程師", "Other Role"]) == ["AI 工程師"], query


@pytest.mark.parametrize("query", [
    '"', '""', "'", "a'b", '"unclosed phrase', "&|!:*", "robot:*", "!robot & (x | y)",
    "NEAR(a b)", "a AND OR NOT b", "%", "_", "\\", "robot%", "x" * 99, "x" * 5000,
    "word " * 60, "\x00", "\u202e",
])
def test_hostile_input_is_searched_literally(client, login_as, db, query):
    factories.PositionFactory(title="Robotics Engineer")
    login_as("student")
    response = client.get("/positions", query_string={"q": query})
    page = response.get_data(as_text=True)
    if "\x00" in query:  # refused before any view, as every NUL in a request is
        assert response.status_code == 400
    elif len(query.strip()) > 100:  # refused by its field (and not searched)
        assert "longer than 100 characters" in page
    else:
        assert response.status_code == 200 and "Robotics Engineer" not in page
    api = client.get("/api/v1/positions", query_string={"q": query})
    assert api.status_code in (200, 400) and api.is_json
    event_ = factories.EventFactory()
    assert client.get(f"/events/{event_.id}/talent-pool",
                      query_string={"q": query}).status_code in (200, 400)


def test_special_characters_match_only_themselves(client, login_as, db):
    factories.PositionFactory(title="C++ & C# Developer (100% remote)")
    factories.PositionFactory(title="Plain Developer")
    login_as("student")
    titles = ["C++ & C# Developer (100% remote)", "Plain Developer"]
    for query in ("c++", "100%", "c#", "(100%", "& c#"):
        page = client.get("/positions", query_string={"q": query}).get_data(as_text=True)
        assert [t for t in titles if t.replace("&", "&amp;") in page] == titles[:1], query


def test_the_index_follows_every_write(client, login_as, db):
    position = factories.PositionFactory(title="Quiet Role", company__name="Old Name Ltd")
    skill = factories.SkillFactory(name="Kubernetes")
    login_as("student")

    def found(query):
        return "Quiet Role" in client.get(f"/positions?q={query}").get_data(as_text=True)

    assert found("old+name") and not found("kubernetes")
    link = factories.PositionSkillFactory(position=position, skill=skill)
    db.session.commit()
    assert found("kubernetes")
    skill.name = "K8s Orchestration"
    db.session.commit()
    assert found("orchestration") and not found("kubernetes")
    db.session.delete(link)
    db.session.commit()
    assert not found("orchestration")
    position.company.name = "New Name Ltd"
    position.title = "Loud Role"
    db.session.commit()
    assert not found("old+name")
    assert "Loud Role" in client.get("/positions?q=new+name+loud").get_data(as_text=True)
    db.session.delete(position)
    db.session.commit()
    assert db.session.scalar(select(Position.id).where(Position.title == "Loud Role")) is None
    assert "Loud Role" not in client.get("/positions?q=loud").get_data(as_text=True)


def test_page_and_count_in_one_query(client, login_as, db):
    for i in range(15):
        factories.PositionFactory(title=f"Search Role {i:02d}")
    db.session.commit()
    login_as("student")
    client.get("/positions?q=search")  # warm-up

    statements = []

    def record(*args):
        statements.append(args[2])

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        page = client.get("/positions?q=search+role&page=2").get_data(as_text=True)
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)
    assert "15 positions" in page and "Page 2 of 2" in page
    searched = [s for s in statements if "search_text" in s or "position_fts" in s]
    assert len(searched) == 1, searched  # the page and its total: no second count query
    assert "pool_window" in searched[0]
    assert "15 positions" in client.get("/positions?q=search&page=9").get_data(as_text=True)


def test_a_listing_reads_the_first_window_of_positions_and_says_there_are_more(
        client, login_as, db, monkeypatch):
    """However many positions match, the pool reads the first POOL_WINDOW in deadline order
    (an index read that stops), ranks a search among them, and says that more match."""
    monkeypatch.setattr(queries, "POOL_WINDOW", 5)
    today = date.today()
    for i in range(7):  # deadlines one day apart: window = the five closing soonest
        factories.PositionFactory(title=f"Analyst {i}", deadline=today + timedelta(days=i + 1))
    factories.PositionFactory(title="Robotics Analyst", deadline=today + timedelta(days=3))
    factories.PositionFactory(title="Late Robotics Analyst", deadline=today + timedelta(days=30))
    login_as("student")
    page = client.get("/positions").get_data(as_text=True)
    assert "More than 5 positions" in page and "The first 5 are listed" in page
    titles = [f"Analyst {i}" for i in range(7)] + ["Robotics Analyst", "Late Robotics Analyst"]
    assert _order(client, "", titles) == [
        "Analyst 0", "Analyst 1", "Analyst 2", "Robotics Analyst", "Analyst 3"]
    # a search ranks the window: the title match first, then by deadline
    assert _order(client, "?q=analyst+robotics", titles) == [
        "Robotics Analyst", "Late Robotics Analyst"]  # only two match: exact, no window note
    assert _order(client, "?q=analyst", titles)[:2] == ["Analyst 0", "Analyst 1"]
    searched = client.get("/positions?q=analyst").get_data(as_text=True)
    assert "More than 5 positions" in searched
    # a page beyond the window is empty, and says how many there are
    beyond = client.get("/positions?page=3").get_data(as_text=True)
    assert "More than 5 positions" in beyond and "Analyst 0" not in beyond
    # the API pages through every match with an exact total
    assert client.get("/api/v1/positions?per_page=5").get_json()["total"] == 9


def test_api_and_event_pool_search_the_same_way(client, login_as, db):
    event_ = factories.EventFactory()
    factories.PositionFactory(title="Robot Vision Intern", event=event_, audience="open",
                              company__name="Kowloon Robotics")
    factories.PositionFactory(title="Vision Analyst", event=event_, audience="open")
    body = client.get("/api/v1/positions?q=vision+kowloon").get_json()
    assert [p["title"] for p in body["items"]] == ["Robot Vision Intern"] and body["total"] == 1
    body = client.get("/api/v1/positions?q=vision").get_json()
    assert body["total"] == 2
    login_as("student")
    page = client.get(f"/events/{event_.id}/talent-pool?q=robot+vision").get_data(as_text=True)
    assert "Robot Vision Intern" in page and "Vision Analyst" not in page
