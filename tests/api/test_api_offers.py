"""GET /api/v1/me/applications carries the offer's terms (issue 14) as the OpenAPI document
describes them: pay (salary or stipend in HKD per month / year / in total), start, reply-by."""

from __future__ import annotations

from datetime import date, timedelta

from foundry.api.openapi import build_spec
from foundry.models.base import utcnow
from tests import factories
from tests.api.test_api import assert_matches


def test_an_offer_comes_with_its_terms_and_other_applications_with_none(client, bearer, db):
    user, headers = bearer("student")
    start, reply_by = date.today() + timedelta(days=40), date.today() + timedelta(days=7)
    offered = factories.ApplicationFactory(
        student=user.student, status="offered", offered_at=utcnow(), offer_pay_kind="stipend",
        offer_amount=12000, offer_pay_period="month", offer_start_date=start,
        offer_reply_by=reply_by)
    waiting = factories.ApplicationFactory(student=user.student)
    db.session.commit()
    items = {a["id"]: a for a in client.get("/api/v1/me/applications",
                                            headers=headers).json["items"]}
    terms = items[offered.id]["offer"]
    assert terms["pay_kind"] == "stipend" and terms["amount"] == 12000
    assert terms["currency"] == "HKD" and terms["pay_period"] == "month"
    assert terms["start_date"] == start.isoformat()
    assert terms["reply_by"] == reply_by.isoformat() and terms["lapsed_at"] is None
    assert items[waiting.id]["offer"] is None
    for item in items.values():
        assert_matches(item, "Application")


def test_an_offer_made_before_terms_were_recorded_has_null_terms(client, bearer, db):
    user, headers = bearer("student")
    factories.ApplicationFactory(student=user.student, status="declined",
                                 offered_at=utcnow(), declined_at=utcnow())
    db.session.commit()
    item = client.get("/api/v1/me/applications", headers=headers).json["items"][0]
    assert item["offer"]["offered_at"] and item["offer"]["reply_by"] is None
    assert item["offer"]["amount"] is None and item["offer"]["currency"] is None
    assert_matches(item, "Application")


def test_the_openapi_document_describes_the_offer():
    schemas = build_spec()["components"]["schemas"]
    assert "offer" in schemas["Application"]["required"]
    offer = schemas["Offer"]["properties"]
    assert {"pay_kind", "amount", "pay_period", "start_date", "reply_by"} <= set(offer)
    assert set(offer["pay_kind"]["enum"]) == {"salary", "stipend", None}
