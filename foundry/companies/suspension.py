"""A suspended (or rejected) company's members lose all access to personal data (applicants,
CVs, interns, feedback, mentees, exports, notifications about them, the API) until an admin
lifts the suspension (or reopens the rejected company). They keep their account, their
company's own profile (read-only) and the reason, shown on their home page."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from foundry.companies.routes import bp
from foundry.companies.services import rejection_text
from foundry.permissions import is_api_request

# What a suspended company's member may still reach (everything else answers 403).
OPEN_PREFIXES = ("auth.", "account.", "static", "bootstrap.")
OPEN_ENDPOINTS = frozenset({"main.index", "main.home", "main.set_language", "main.favicon",
                            "main.healthz", "companies.detail",
                            "companies.directory", "api.me", "api.openapi"})
READ_ONLY_ENDPOINTS = frozenset({"companies.profile"})


def blocked_company(user):
    """The suspended or rejected company a signed-in member acts for, else None."""
    if not getattr(user, "is_authenticated", False) or user.role != "company":
        return None
    membership = user.membership
    company = membership.company if membership is not None else None
    return company if company is not None and company.is_blocked else None


def _is_open(endpoint: str | None) -> bool:
    if endpoint is None or endpoint.startswith(OPEN_PREFIXES) or endpoint in OPEN_ENDPOINTS:
        return True
    return endpoint in READ_ONLY_ENDPOINTS and request.method in ("GET", "HEAD")


@bp.before_app_request
def stop_personal_data_while_suspended():
    """Answer a suspended or rejected company's member with the notice (403) on every page or
    API call that could show personal data; their home page is that notice."""
    company = blocked_company(current_user)
    if company is None or (_is_open(request.endpoint) and request.endpoint != "main.home"):
        return None
    rejected = company.vetting_status == "rejected"
    if is_api_request():
        from foundry.errors import json_error

        if rejected:
            return json_error(403, "Your company was not accepted on Talent Foundry.",
                              code="company_rejected")
        return json_error(403, "Your company is suspended on Talent Foundry: personal data is "
                               "not available.", code="company_suspended")
    status = 200 if request.endpoint == "main.home" else 403
    if rejected:
        return render_template("companies/rejected.html", company=company,
                               reason=rejection_text(company),
                               title=_("Your company was not accepted")), status
    return render_template("companies/suspended.html", company=company,
                           title=_("Your company is suspended")), status
