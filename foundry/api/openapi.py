"""The OpenAPI 3.1 document of /api/v1, written alongside the routes it describes.

tests/api/test_openapi.py checks that every /api/v1 route is described here and that the
document is valid; CI runs schemathesis against the live app so responses must match it.
"""

from __future__ import annotations

from foundry.models.choices import (
    APPLICATION_STATUSES,
    AUDIENCES,
    CLUSTERS,
    INTERNSHIP_SOURCES,
    INTERNSHIP_STATUSES,
    OFFER_PAY_KINDS,
    OFFER_PAY_PERIODS,
    PAY_PERIODS,
    POSITION_KINDS,
    SITES,
    SIZE_BANDS,
    WORK_MODES,
    values,
)

NULLABLE_STRING = {"type": ["string", "null"]}
# Free-text query parameters: no NUL character (PostgreSQL text cannot hold one; the app
# answers 400), as the document says so a schema-valid request is never refused.
NO_NUL = "^[^\\u0000]*$"
TEXT_QUERY = {"type": "string", "maxLength": 100, "pattern": NO_NUL}
ROW_ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}  # an INTEGER primary key
NULLABLE_INT = {"type": ["integer", "null"]}
DATE = {"type": ["string", "null"], "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}


def ref(name: str) -> dict:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def enum(choices, nullable: bool = False) -> dict:
    """A string schema limited to the stored values of a choices tuple."""
    allowed = list(values(choices))
    if nullable:
        return {"type": ["string", "null"], "enum": [*allowed, None]}
    return {"type": "string", "enum": allowed}


def obj(properties: dict, required: list[str] | None = None) -> dict:
    """An object schema; every listed property is required unless told otherwise."""
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required}


def page_of(name: str) -> dict:
    """A paginated list of a component."""
    return obj({"items": {"type": "array", "items": ref(name)},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                "total": {"type": "integer", "minimum": 0},
                "pages": {"type": "integer", "minimum": 0}})


def json_response(description: str, schema: dict) -> dict:
    """A JSON response object."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error(description: str) -> dict:
    """An error response in the API's one shape."""
    return json_response(description, ref("Error"))


def query(name: str, schema: dict, description: str) -> dict:
    """An optional query parameter."""
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


PAGING = [query("page", {"type": "integer", "minimum": 1, "maximum": 100000}, "Page number."),
          query("per_page", {"type": "integer", "minimum": 1, "maximum": 100},
                "Items per page (at most 100).")]
BAD_INPUT = {"400": error("A query parameter is malformed or out of range.")}
SECURED = [{"bearerAuth": []}]
AUTH_ERRORS = {"401": error("Missing, unknown, expired or revoked token."),
               "403": error("The token's user may not do this.")}
RATE_LIMITED = {"429": error("Too many requests for this token or address.")}


SCHEMAS = {
    "Error": obj({"error": obj({"code": {"type": "string"}, "message": {"type": "string"},
                                "details": {"type": "object"}})}),
    "University": obj({"code": {"type": "string"}, "name": {"type": "string"},
                       "name_zh": NULLABLE_STRING,
                       "domains": {"type": "array", "items": {"type": "string"}}}),
    "Faculty": obj({"id": {"type": "integer"}, "name": {"type": "string"},
                    "programmes": {"type": "array", "items": obj({
                        "id": {"type": "integer"}, "name": {"type": "string"},
                        "degree_level": {"type": "string"}})}}),
    "Company": obj({"id": {"type": "integer"}, "name": {"type": "string"},
                    "cluster": enum(CLUSTERS), "site": enum(SITES),
                    "size_band": enum(SIZE_BANDS), "is_startup": {"type": "boolean"},
                    "website": NULLABLE_STRING}),
    "Position": obj({
        "id": {"type": "integer"}, "title": {"type": "string"},
        "description": {"type": "string"},
        "company": obj({"id": {"type": "integer"}, "name": {"type": "string"}}),
        "kind": enum(POSITION_KINDS), "cluster": enum(CLUSTERS), "site": enum(SITES),
        "mode": enum(WORK_MODES), "paid": {"type": "boolean"}, "pay_min": NULLABLE_INT,
        "pay_max": NULLABLE_INT, "pay_period": enum(PAY_PERIODS),
        "openings": {"type": "integer", "minimum": 1}, "deadline": DATE,
        "start_date": DATE, "end_date": DATE, "programme_tag": NULLABLE_STRING,
        "programme_id": NULLABLE_INT, "audience": enum(AUDIENCES),
        "skills": {"type": "array", "items": obj({
            "skill": {"type": "string"},
            "required_level": {"type": "integer", "minimum": 1, "maximum": 5}})}}),
    "Application": obj({
        "id": {"type": "integer"}, "status": enum(APPLICATION_STATUSES),
        "position": obj({"id": {"type": "integer"}, "title": {"type": "string"},
                         "company": {"type": "string"}}),
        "submitted_at": DATETIME, "updated_at": DATETIME,
        "offer": {"oneOf": [ref("Offer"), {"type": "null"}],
                  "description": "The offer, once the company made one (null before)."}}),
    "Offer": obj({
        "offered_at": DATETIME,
        "pay_kind": {**enum(OFFER_PAY_KINDS, nullable=True),
                     "description": "salary or stipend (null: an offer made before terms "
                                    "were recorded, as for every term below)"},
        "amount": {"type": ["integer", "null"], "minimum": 0,
                   "description": "in HKD, per pay_period"},
        "currency": {"type": ["string", "null"], "enum": ["HKD", None]},
        "pay_period": {**enum(OFFER_PAY_PERIODS, nullable=True),
                       "description": "month, year or total (the whole amount)"},
        "start_date": DATE,
        "reply_by": {**DATE, "description": "the last day (Hong Kong) to accept; an offer not "
                                            "answered by then lapses (declined)"},
        "lapsed_at": {"type": ["string", "null"], "format": "date-time",
                      "description": "when an unanswered offer lapsed"}}),
    "Internship": obj({
        "id": {"type": "integer"}, "title": {"type": "string"}, "employer": {"type": "string"},
        "company_id": NULLABLE_INT, "start_date": {"type": "string", "format": "date"},
        "end_date": {"type": "string", "format": "date"},
        "hours_per_week": {"type": "integer"}, "paid": {"type": "boolean"},
        "stipend_monthly": NULLABLE_INT, "mode": enum(WORK_MODES),
        "site": enum(SITES, nullable=True), "status": enum(INTERNSHIP_STATUSES),
        "source": enum(INTERNSHIP_SOURCES)}),
    "Me": obj({"id": {"type": "integer"}, "email": {"type": "string"},
               "role": {"type": "string", "enum": ["student", "company", "dean", "admin"]},
               "full_name": {"type": "string"},
               "scope": {"type": ["string", "null"], "enum": ["read", "write", None]}}),
}


# The body of POST /api/v1/me/internships; foundry/api/writes.py validates against this very dict.
INTERNSHIP_INPUT = {
    "type": "object",
    "additionalProperties": False,
    # A directory company or a typed name, never both.
    "not": {"required": ["company_id", "company_name"],
            "properties": {"company_id": {"type": "integer"}, "company_name": {"type": "string"}}},
    "required": ["title", "start_date", "end_date", "hours_per_week", "paid", "mode"],
    "properties": {
        "company_id": {"type": ["integer", "null"], "minimum": 1, "maximum": 2**31 - 1,
                       "description": "A verified company of the directory."},
        "company_name": {"type": ["string", "null"], "maxLength": 160, "pattern": NO_NUL,
                         "description": "The employer's name when it is not in the directory."},
        "title": {"type": "string", "minLength": 1, "maxLength": 160, "pattern": NO_NUL},
        "start_date": {"type": "string", "format": "date"},
        "end_date": {"type": "string", "format": "date"},
        "hours_per_week": {"type": "integer", "minimum": 0, "maximum": 80},
        "paid": {"type": "boolean"},
        "stipend_monthly": {"type": ["integer", "null"], "minimum": 0, "maximum": 1000000},
        "mode": enum(WORK_MODES),
        "site": enum(SITES, nullable=True),
        "supervisor_email": {"type": ["string", "null"], "format": "email", "maxLength": 254},
    },
}
IMPORT_REPORT = obj({
    "kind": {"type": "string"}, "university_code": NULLABLE_STRING,
    "rows": {"type": "integer"}, "created": {"type": "integer"},
    "updated": {"type": "integer"}, "unchanged": {"type": "integer"},
    "errors": {"type": "array", "items": obj({"line": {"type": "integer"},
                                              "column": {"type": "string"},
                                              "reason": {"type": "string"}})},
    "notes": {"type": "array", "items": {"type": "string"}},
    "applied": {"type": "boolean"}})


FIGURE = obj({"value": {"type": ["number", "string", "null"],
                        "description": "a number (or a label for text columns); null when "
                                       "withheld or not applicable"},
               "text": {"type": "string",
                        "description": "what the dashboard shows, e.g. 35 (rounded) or n/p"},
               "withheld": {"type": "boolean"},
               "reason": {"type": ["string", "null"],
                          "enum": ["few_people", "few_contributors", "pooled", None],
                          "description": "why a figure is withheld (see the rules)"}})
METRIC_ROW = obj({"label": {"type": "string"},
                  "cells": {"type": "object", "additionalProperties": FIGURE}})
METRICS = obj({
    "view": {"type": "string", "enum": ["dean", "admin"]},
    "title": {"type": "string"}, "subtitle": {"type": "string"},
    "filters": {"type": "object"},
    "cohorts": {"type": "array", "items": {"type": "integer"}},
    "suppressed": {"type": "boolean"},
    "rules": {"type": ["object", "null"],
              "description": "the disclosure-control rules applied (null for admins)"},
    "tables": {"type": "object", "additionalProperties": obj({
        "title": {"type": "string"}, "row_header": {"type": "string"},
        "columns": {"type": "array", "items": obj({"key": {"type": "string"},
                                                   "label": {"type": "string"},
                                                   "unit": {"type": "string"}})},
        "rows": {"type": "array", "items": METRIC_ROW},
        "total": {"oneOf": [METRIC_ROW, {"type": "null"}]},
        "formulas": {"type": "array", "items": {"type": "string"}},
        "note": {"type": "string"}})},
})


def _list(name: str) -> dict:
    return obj({"items": {"type": "array", "items": ref(name)}})


PATHS = {
    "/api/v1/openapi.json": {"get": {
        "operationId": "openapi", "summary": "This document.", "security": [],
        "responses": {"200": json_response("The OpenAPI document.", {"type": "object"})}}},
    "/api/v1/universities": {"get": {
        "operationId": "listUniversities", "summary": "Member universities.", "security": [],
        "responses": {"200": json_response("All universities.", _list("University")),
                      **RATE_LIMITED}}},
    "/api/v1/universities/{code}/faculties": {"get": {
        "operationId": "listFaculties", "summary": "Faculties and programmes of a university.",
        "security": [],
        "parameters": [{"name": "code", "in": "path", "required": True,
                        "schema": {"type": "string", "maxLength": 16, "pattern": NO_NUL},
                        "description": "University code, e.g. HKUST."}],
        "responses": {"200": json_response("Faculties.", _list("Faculty")),
                      "404": error("No such university."), **RATE_LIMITED}}},
    "/api/v1/companies": {"get": {
        "operationId": "listCompanies", "summary": "Verified Science Park companies.",
        "security": [],
        "parameters": [query("cluster", enum(CLUSTERS), "Cluster."),
                       query("site", enum(SITES), "Site."),
                       query("q", TEXT_QUERY, "Name contains."),
                       *PAGING],
        "responses": {"200": json_response("A page of companies.", page_of("Company")),
                      **BAD_INPUT, **RATE_LIMITED}}},
    "/api/v1/positions": {"get": {
        "operationId": "listPositions", "summary": "Open positions of the Talent Pool.",
        "description": "With an external talent's token, only positions open to everyone "
                       "(as on the Talent Pool page); partner-only positions are left out.",
        "security": [],
        "parameters": [query("cluster", enum(CLUSTERS), "Cluster."),
                       query("kind", enum(POSITION_KINDS), "Kind of position."),
                       query("mode", enum(WORK_MODES), "Work mode."),
                       query("q", TEXT_QUERY,
                             "Title, description or company contains."),
                       query("sort", {"type": "string", "enum": ["newest", "deadline", "match"]},
                             "Order: newest (default), deadline, or match (best skills match "
                             "first; needs a student's or external talent's token)."),
                       *PAGING],
        "responses": {"200": json_response("A page of positions.", page_of("Position")),
                      "401": error("sort=match without a token."),
                      "403": error("sort=match with a token of someone without skills (not a "
                                   "student or external talent)."),
                      **BAD_INPUT, **RATE_LIMITED}}},
    "/api/v1/positions/{position_id}": {"get": {
        "operationId": "getPosition", "summary": "One open position.", "security": [],
        "parameters": [{"name": "position_id", "in": "path", "required": True,
                        "schema": ROW_ID}],
        "responses": {"200": json_response("The position.", ref("Position")),
                      "404": error("No open position with that id."), **RATE_LIMITED}}},
    "/api/v1/me": {"get": {
        "operationId": "getMe", "summary": "The user a token acts as.", "security": SECURED,
        "responses": {"200": json_response("The caller.", ref("Me")),
                      "401": AUTH_ERRORS["401"], **RATE_LIMITED}}},
    "/api/v1/me/applications": {"get": {
        "operationId": "listMyApplications", "summary": "The calling student's applications.",
        "security": SECURED, "parameters": PAGING,
        "responses": {"200": json_response("A page of applications.", page_of("Application")),
                      **BAD_INPUT, **AUTH_ERRORS, **RATE_LIMITED}}},
    "/api/v1/me/internships": {
        "get": {
            "operationId": "listMyInternships", "summary": "The calling student's internships.",
            "security": SECURED, "parameters": PAGING,
            "responses": {"200": json_response("A page of internships.", page_of("Internship")),
                          **BAD_INPUT, **AUTH_ERRORS, **RATE_LIMITED}},
        "post": {
            "operationId": "logMyInternship",
            "summary": "Log an internship found elsewhere (students; read-write token). It "
                       "stays pending until the company confirms it.",
            "security": SECURED,
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": INTERNSHIP_INPUT}}},
            "responses": {"201": json_response("The logged internship.", ref("Internship")),
                          "400": error("The body is not a JSON object."),
                          "422": error("A field is invalid (details.fields says which)."),
                          **AUTH_ERRORS, **RATE_LIMITED}},
    },
    "/api/v1/metrics": {"get": {
        "operationId": "getMetrics",
        "summary": "Placement metrics (deans: own university, protected exactly as on the "
                   "dashboard — counts rounded, small groups' percentages and averages "
                   "withheld; admins: true figures per university, per faculty with "
                   "?university=, per programme with &faculty=). Each filter at most once.",
        "security": SECURED,
        "parameters": [
            query("university", {"type": "string", "maxLength": 16, "pattern": NO_NUL},
                  "University code (admins drill down; deans may only give their own)."),
            query("faculty", ROW_ID, "Faculty id."),
            query("programme", ROW_ID, "Programme id."),
            query("cohort", {"type": "integer", "minimum": 1990, "maximum": 2100},
                  "Graduating cohort (academic year ending in that year).")],
        "responses": {"200": json_response("The dashboard's tables.", METRICS),
                      "404": error("No graduates in the chosen cohort for this selection."),
                      **BAD_INPUT, **AUTH_ERRORS, **RATE_LIMITED,
                      "422": error("The university, faculty or programme does not exist, or "
                                   "they do not fit together.")}}},
    "/api/v1/imports/outcomes": {"post": {
        "operationId": "importOutcomes",
        "summary": "Import graduate outcomes from a survey CSV (admins; read-write token). "
                   "Every row is validated; the file is applied whole or not at all.",
        "security": SECURED,
        "parameters": [
            {"name": "university", "in": "query", "required": True,
             "schema": {"type": "string", "minLength": 1, "maxLength": 16, "pattern": NO_NUL},
             "description": "University code."},
            query("dry_run", {"type": "string", "enum": ["true", "false"]},
                  "Validate only; write nothing.")],
        "requestBody": {"required": True, "content": {
            "text/csv": {"schema": {"type": "string"}}}},
        "responses": {"200": json_response("The import report (applied unless a dry run).",
                                           IMPORT_REPORT),
                      "400": error("A query parameter is missing or unknown."),
                      "404": error("No university with that code."),
                      "422": {"description": "Bad file or bad rows: nothing was written.",
                              "content": {"application/json": {"schema": {
                                  "oneOf": [IMPORT_REPORT, ref("Error")]}}}},
                      **AUTH_ERRORS, **RATE_LIMITED}}},
}


def build_spec() -> dict:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Talent Foundry API", "version": "1.0.0",
                 "description": "Reference data, the Talent Pool, the caller's own records and, "
                                "for deans and admins, privacy-protected placement metrics. "
                                "Send a personal token as 'Authorization: Bearer <token>' "
                                "(create one on your account page). Errors are "
                                "{\"error\": {\"code\", \"message\", \"details\"}}."},
        "servers": [{"url": "/"}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer",
                           "description": "A personal API token (tf_…)."}}},
    }
