"""API writes: a student's internship log and an admin's outcomes import.

Request bodies are checked against the same JSON Schemas the OpenAPI document publishes, so the
document and the validation cannot drift; domain rules then come from the shared services.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify, request
from flask_login import current_user
from jsonschema import Draft202012Validator
from sqlalchemy import select

from foundry.api import serializers as out
from foundry.api.auth import write_scope
from foundry.api.openapi import INTERNSHIP_INPUT
from foundry.api.params import choice_arg, fail
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.imports.services import run_import
from foundry.internships.services import InternshipDetails, log_internship
from foundry.models import Company, University
from foundry.permissions import role_required


def register(bp: Blueprint) -> None:
    """Add the write routes to the API blueprint."""
    bp.add_url_rule("/me/internships", view_func=log_my_internship, methods=["POST"])
    bp.add_url_rule("/imports/outcomes", view_func=import_outcomes, methods=["POST"])


def _json_body(schema: dict) -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        fail(400, "The body must be a JSON object (Content-Type: application/json).")
    problems = {".".join(str(p) for p in e.absolute_path) or "body": e.message
                for e in Draft202012Validator(schema).iter_errors(body)}
    if problems:
        fail(422, "The body does not match the schema.", {"fields": problems}, code="invalid")
    return body


def _date(body: dict, name: str) -> date:
    try:
        return date.fromisoformat(body[name])
    except ValueError:
        fail(422, f"'{name}' must be a date (YYYY-MM-DD).", {"fields": {name: "not a date"}},
             code="invalid")


@role_required("student", "external")
@write_scope
def log_my_internship():
    """Log an internship found elsewhere; it waits for the company's confirmation."""
    body = _json_body(INTERNSHIP_INPUT)
    company = None
    if body.get("company_id") is not None:
        company = db.session.scalar(select(Company).where(
            Company.id == body["company_id"], Company.vetting_status == "verified"))
        if company is None:
            fail(422, "No verified company with that id.", {"fields": {"company_id": "unknown"}},
                 code="invalid")
    details = InternshipDetails(
        company=company, company_name=body.get("company_name"), title=body["title"],
        start_date=_date(body, "start_date"), end_date=_date(body, "end_date"),
        hours_per_week=body["hours_per_week"], paid=body["paid"],
        stipend_monthly=body.get("stipend_monthly"), mode=body["mode"], site=body.get("site"),
        supervisor_email=body.get("supervisor_email"))
    try:
        internship = log_internship(student=current_user.student, details=details)
    except DomainError as error:
        db.session.rollback()
        fail(422, str(error), {"fields": {error.field or "body": str(error)}}, code="invalid")
    db.session.commit()
    return jsonify(out.internship(internship)), 201


@role_required("admin")
@write_scope
def import_outcomes():
    """Import graduate outcomes from a survey CSV (the body); all rows or none."""
    code = request.args.get("university")
    if not code:
        fail(400, "Parameter 'university' (a university code) is required.",
             {"parameter": "university"})
    dry_run = choice_arg("dry_run", ("true", "false")) == "true"
    university = db.session.scalar(select(University).where(University.code == code))
    if university is None:
        fail(404, f"No university with code '{code[:20]}'.", {"parameter": "university"})
    try:
        report = run_import(kind="outcomes", data=request.get_data(), university=university,
                            actor=current_user, filename="api", dry_run=dry_run)
    except DomainError as error:
        db.session.rollback()
        fail(422, str(error), {"field": error.field}, code="invalid")
    if not report.ok:
        db.session.rollback()
        return jsonify(report.as_dict()), 422
    db.session.commit()
    return jsonify(report.as_dict()), 200
