"""The demo's issue-14 comforts, added through the services' own rules once the bulk rows are
written: two offers with their terms (pay, start, reply-by) and a CV library of two CVs for the
demo student, one of them sent with the student's offered application."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from foundry.applications import cv_library
from foundry.applications.offers import OfferTerms, term_errors
from foundry.extensions import db
from foundry.models import Application, StudentProfile
from foundry.seed.world import World

# (label, headline) of the demo student's two CVs, oldest first.
DEMO_CVS = (("Embedded AI roles", "Embedded AI and edge inference"),
            ("Robot perception roles", "Robot perception and computer vision"))


def note_offer(world: World, key: str, application_id: int, *, start: date) -> None:
    """Remember an offered demo application (and the position's start) for its terms."""
    world.extras.setdefault("demo_offers", {})[key] = {"id": application_id, "start": start}


def add_demo_comforts(world: World, *, student_id: int) -> None:
    """Offer terms on the noted offers and the demo student's two library CVs."""
    today = world.today
    offers = world.extras.get("demo_offers", {})
    for key, kind, amount, reply_in in (("graduate", "salary", 32000, 10),
                                        ("internship", "stipend", 14000, 5)):
        if key not in offers:
            continue
        start = max(offers[key]["start"], today + timedelta(days=30))
        terms = OfferTerms(pay_kind=kind, amount=amount, pay_period="month", start_date=start,
                           reply_by=today + timedelta(days=reply_in))
        if problems := term_errors(terms, on=today):  # the offer form's own rules
            raise ValueError(f"demo offer terms: {problems}")
        application = db.session.get(Application, offers[key]["id"])
        application.offer_pay_kind, application.offer_amount = terms.pay_kind, terms.amount
        application.offer_pay_period = terms.pay_period
        application.offer_start_date, application.offer_reply_by = terms.start_date, \
            terms.reply_by
    student = db.session.get(StudentProfile, student_id)
    entries = []
    for age, (label, headline) in zip((40, 12), DEMO_CVS, strict=True):
        entry = cv_library.add_cv(
            student=student, stream=io.BytesIO(_pdf(student.user.full_name, headline)),
            filename=f"{label.replace(' ', '-')}.pdf", label=label, actor=student.user)
        entry.uploaded_at = datetime.combine(today - timedelta(days=age), time(3, 0))
        entries.append(entry)
    if "graduate" in offers:  # the offer was applied for with the first CV
        application = db.session.get(Application, offers["graduate"]["id"])
        application.cv_file_id = entries[0].id
        application.cv_path, application.cv_filename = entries[0].storage_key, \
            entries[0].filename
    db.session.flush()


def _pdf(name: str, headline: str) -> bytes:
    """A one-page PDF with two lines of text (enough for the CV checks and a viewer)."""
    text = f"BT /F1 20 Tf 72 720 Td ({name}) Tj 0 -32 Td /F1 13 Tf ({headline}) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("latin-1")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
