"""Small helpers for application tests: PDF bytes and a ready-made pipeline."""

from __future__ import annotations

import io
from datetime import date, timedelta

from tests import factories


def pdf_bytes(size: int = 0) -> bytes:
    """A minimal PDF (magic header, %%EOF at the end), padded to about `size` bytes."""
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    padding = b"%" + b"x" * max(0, size - len(body) - 20) + b"\n" if size else b""
    return body + padding + b"trailer << >>\n%%EOF\n"


def upload(data: bytes, name: str = "cv.pdf") -> tuple[io.BytesIO, str]:
    """A (stream, filename) pair for the test client's multipart data."""
    return io.BytesIO(data), name


def company_with_member(**company_kwargs):
    """A company and one member user of it."""
    company = factories.CompanyFactory(**company_kwargs)
    member = factories.CompanyMemberFactory(company=company)
    return company, member.user


def offer_terms(**overrides) -> dict:
    """Valid offer-form data: HKD 20,000 a month, starting in a month, reply within a week."""
    today = date.today()
    data = {"pay_kind": "salary", "amount": "20000", "pay_period": "month",
            "start_date": (today + timedelta(days=30)).isoformat(),
            "reply_by": (today + timedelta(days=7)).isoformat()}
    return {**data, **overrides}
