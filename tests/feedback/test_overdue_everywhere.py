"""One rule for "overdue feedback": the company dashboard, the Interns page, /feedback/overdue
and the admin's operations list count the same internships (they said 2, 1 and 1)."""

from __future__ import annotations

from datetime import timedelta

from foundry.dashboards.operations import overdue_feedback
from foundry.feedback.queries import overdue_count
from foundry.models.base import utcnow
from tests import factories as f
from tests.dashboards.test_routes import csv_rows


def test_every_page_counts_the_same_overdue_feedback(client, login_as, db):
    user = login_as("company")
    company = user.membership.company
    now = utcnow()
    # finished a month ago, no feedback: overdue
    f.InternshipFactory(company=company, status="completed", completed_at=now - timedelta(30),
                        end_date=(now - timedelta(30)).date())
    # ended early three weeks ago: overdue too (the dashboard used to skip it)
    f.InternshipFactory(company=company, status="ended_early", completed_at=now - timedelta(21),
                        end_date=(now + timedelta(30)).date())
    # its end date is long past but it was marked completed 3 days ago: not overdue yet
    f.InternshipFactory(company=company, status="completed", completed_at=now - timedelta(3),
                        end_date=(now - timedelta(40)).date())
    db.session.commit()

    assert overdue_count(company_id=company.id) == 2
    rows = csv_rows(client.get("/dashboards/company/data/feedback.csv"))
    assert [r[1] for r in rows if r[0].startswith("Overdue")] == ["2"]
    interns = client.get("/internships/company").get_data(as_text=True)
    assert "2 finished internships have waited more than 14 days" in interns
    listed = client.get("/feedback/overdue").get_data(as_text=True)
    assert listed.count("Give feedback") == 2
    ops, total = overdue_feedback()
    assert total == 2 and ops[0][2] == 2
