"""Progress, knowledge rate, follow-up list and its CSV."""

from __future__ import annotations

from datetime import date

from foundry.campaigns import queries, services
from tests import factories
from tests.campaigns.conftest import link_in, mails_to, make_campaign
from tests.campaigns.test_campaigns import ANSWER


def test_progress_and_knowledge_rate_move_when_a_graduate_answers(client, login_as, world, db):
    campaign = make_campaign(world)
    previous = factories.StudentProfileFactory(faculty=world.engineering,
                                               expected_graduation=date(
                                                   world.graduates[0].cohort_year - 1, 6, 30))
    factories.GraduateOutcomeFactory(student=previous)
    db.session.commit()
    login_as(world.dean)
    client.post(f"/campaigns/{campaign.id}/send")  # eager in tests: sent after the commit
    page = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert 'id="tile-invited">4<' in page and 'id="tile-answered">0<' in page
    assert 'id="knowledge-rate"' in page and ">0.0 %<" in page
    assert "Previous cohort: 100.0 %" in page
    client.post(link_in(mails_to(db, world.graduates[0].user.email)[0]), data=ANSWER)
    page = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert 'id="tile-answered">1<' in page and 'id="tile-opened">1<' in page
    assert ">25.0 %<" in page
    rows, total = queries.progress(campaign)
    assert [(r.faculty, r.programme, r.graduates, r.answered) for r in rows] == [
        ("School of Engineering", "BEng Computer Engineering", 4, 1)]
    assert total.response_rate == 0.25


def test_follow_up_lists_own_scope_without_an_outcome_and_exports_csv(client, login_as, world,
                                                                       db):
    campaign = make_campaign(world)
    db.session.commit()
    services.send_campaign_invitations(campaign_id=campaign.id)
    client.post(link_in(mails_to(db, world.graduates[0].user.email)[0]), data=ANSWER)
    login_as(world.dean)
    page = client.get(f"/campaigns/{campaign.id}/follow-up").get_data(as_text=True)
    names = [s.user.full_name for s in world.graduates]
    assert names[0] not in page and all(n in page for n in names[1:])
    assert world.others[0].user.full_name not in page  # another faculty: not this scope
    csv = client.get(f"/campaigns/{campaign.id}/follow-up.csv")
    text = csv.get_data(as_text=True)
    assert csv.mimetype == "text/csv"
    assert names[0] not in text and all(n in text for n in names[1:])
    assert world.others[0].user.full_name not in text


def test_campaign_list_shows_only_own_campaigns(client, login_as, world, db):
    make_campaign(world, name="Ours")
    other_faculty = factories.FacultyFactory()
    other_dean = factories.DeanAssignmentFactory(university=other_faculty.university).user
    db.session.commit()
    login_as(other_dean)
    assert "Ours" not in client.get("/campaigns/").get_data(as_text=True)
    login_as(world.dean)
    assert "Ours" in client.get("/campaigns/").get_data(as_text=True)


def test_an_answer_before_this_campaign_opened_does_not_count_for_it(world, db):
    """Each campaign compares with its OWN opening date (not another campaign's)."""
    from datetime import timedelta

    from tests.campaigns.conftest import TODAY

    older = make_campaign(world, name="Older")
    older.opens_on, older.closes_on = TODAY - timedelta(days=300), TODAY - timedelta(days=200)
    factories.GraduateOutcomeFactory(student=world.graduates[0], source="survey",
                                     outcome_date=TODAY - timedelta(days=40))
    current = make_campaign(world, name="Current")  # opened 30 days ago
    db.session.commit()
    assert queries.progress(current)[1].answered == 0
    assert queries.progress(older)[1].answered == 1
