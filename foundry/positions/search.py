"""Talent Pool text search through the index that models/position_search.py keeps.

A query is split into words; a position matches when its document holds every word as a
substring (as the old ILIKE did, now for each word rather than the whole phrase), in any of
title, company, skills or description. The user's quotes and operators (`"&|!:*`, `%`, `_`)
are taken literally. Ordered by relevance: a word in the title counts most, then the company.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, column, func, literal, table
from sqlalchemy.sql import and_

from foundry.admin.queries import like  # the one 'contains' pattern
from foundry.extensions import db
from foundry.models import Company, Position
from foundry.models.position_search import FTS_TABLE

MAX_TERMS = 8
_FTS = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))


def search_terms(q: str | None) -> list[str]:
    """The distinct words of a query, lower-cased, at most MAX_TERMS."""
    return list(dict.fromkeys((q or "").lower().split()))[:MAX_TERMS]


def _fts_phrase(term: str) -> str:
    """An FTS5 string literal: the term taken literally (a trigram phrase, any characters)."""
    return '"' + term.replace('"', '""') + '"'


def matches(terms: list[str]) -> ColumnElement[bool]:
    """Positions whose document holds every term. PostgreSQL: LIKE on search_text, served by
    the pg_trgm index; SQLite: the FTS5 trigram table for terms of 3+ characters (trigrams
    need 3), LIKE for shorter ones."""
    if db.engine.dialect.name == "sqlite":
        long = [t for t in terms if len(t) >= 3]
        short = [t for t in terms if len(t) < 3]
        conditions = [Position.search_text.like(like(t), escape="\\") for t in short]
        if long:
            fts = " AND ".join(_fts_phrase(t) for t in long)
            conditions.append(Position.id.in_(
                _FTS.select().with_only_columns(_FTS.c.rowid)
                .where(_FTS.c[FTS_TABLE].op("MATCH")(fts))))
        return and_(*conditions)
    return and_(*(Position.search_text.like(like(t), escape="\\") for t in terms))


def relevance(terms: list[str]) -> ColumnElement[int]:
    """A score to sort by: per word, 3 when it is in the title, 2 in the company's name
    (every matching position holds each word somewhere, so the rest count alike)."""
    score: ColumnElement[int] = literal(0)
    for term in terms:
        pattern = like(term)
        score = (score + case((func.lower(Position.title).like(pattern, escape="\\"), 3),
                              else_=0)
                 + case((func.lower(Company.name).like(pattern, escape="\\"), 2), else_=0))
    return score
