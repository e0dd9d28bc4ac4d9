"""The Talent Pool's search index, kept in step by the database itself.

`positions.search_text` holds one lower-cased document per position — title, company name,
required skills (English and Chinese names) and description — written by triggers, so every
write path (forms, imports, `flask seed scale`, a company or skill renamed) keeps it true.
PostgreSQL indexes it with a pg_trgm GIN index (substring matching, as the old ILIKE did, and
it works for Chinese, which a word-based tsvector would not split); SQLite indexes it in an
FTS5 trigram table (`position_fts`, external content) that the same triggers update.

The SQL lives here as plain strings: `create_all` (the tests) runs it through the listeners
below and the migration runs the same statements, so the two cannot drift.
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, event

FTS_TABLE = "position_fts"

# The document of the position `positions.id` (a correlated expression: used in
# `UPDATE positions SET search_text = …`). {agg} is string_agg (PostgreSQL) or group_concat.
_DOCUMENT = """lower(positions.title || ' ' ||
    coalesce((SELECT companies.name FROM companies WHERE companies.id = positions.company_id), '')
    || ' ' || coalesce((SELECT {agg}(skills.name || ' ' || coalesce(skills.name_zh, ''), ' ')
                        FROM position_skills JOIN skills ON skills.id = position_skills.skill_id
                        WHERE position_skills.position_id = positions.id), '')
    || ' ' || coalesce(positions.description, ''))"""


def _refresh(dialect: str, where: str) -> str:
    """UPDATE statement recomputing the document of the positions `where` selects."""
    agg = "string_agg" if dialect == "postgresql" else "group_concat"
    # Constant SQL only: `where` comes from _TRIGGERS, never from input.
    return f"UPDATE positions SET search_text = {_DOCUMENT.format(agg=agg)} WHERE {where}"  # noqa: S608


# (trigger name, table, event, which positions to refresh)
_TRIGGERS = (
    ("positions_search_ins", "positions", "INSERT", "positions.id = NEW.id"),
    ("positions_search_upd", "positions", "UPDATE OF title, description, company_id",
     "positions.id = NEW.id"),
    ("position_skills_search_ins", "position_skills", "INSERT",
     "positions.id = NEW.position_id"),
    ("position_skills_search_upd", "position_skills", "UPDATE",
     "positions.id IN (NEW.position_id, OLD.position_id)"),
    ("position_skills_search_del", "position_skills", "DELETE",
     "positions.id = OLD.position_id"),
    ("companies_search_upd", "companies", "UPDATE OF name", "positions.company_id = NEW.id"),
    ("skills_search_upd", "skills", "UPDATE OF name, name_zh",
     "positions.id IN (SELECT position_id FROM position_skills WHERE skill_id = NEW.id)"),
)

# PostgreSQL: inserts and deletes refresh once per statement from the transition table, so a
# bulk load (`flask seed scale` COPYs thousands of rows) runs one UPDATE, not one per row.
_PG_STATEMENT = {
    "positions_search_ins": ("NEW", "positions.id IN (SELECT id FROM changed)"),
    "position_skills_search_ins": ("NEW", "positions.id IN (SELECT position_id FROM changed)"),
    "position_skills_search_del": ("OLD", "positions.id IN (SELECT position_id FROM changed)"),
}

# SQLite: the FTS5 table follows search_text (external content: it stores only the index).
_SQLITE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_text, content='positions', content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER IF NOT EXISTS position_fts_upd AFTER UPDATE OF search_text ON positions
    BEGIN
      INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        SELECT 'delete', OLD.id, OLD.search_text WHERE OLD.search_text IS NOT NULL;
      INSERT INTO {FTS_TABLE}(rowid, search_text)
        SELECT NEW.id, NEW.search_text WHERE NEW.search_text IS NOT NULL;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS position_fts_del AFTER DELETE ON positions
    BEGIN
      INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        SELECT 'delete', OLD.id, OLD.search_text WHERE OLD.search_text IS NOT NULL;
    END""",
)


def create_statements(dialect: str) -> list[str]:
    """Every statement that builds the search index on a database that has the tables."""
    if dialect == "postgresql":
        statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
        for name, table, when, where in _TRIGGERS:
            each = "FOR EACH ROW"
            if name in _PG_STATEMENT:
                side, where = _PG_STATEMENT[name]
                each = f"REFERENCING {side} TABLE AS changed FOR EACH STATEMENT"
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {_refresh(dialect, where)}; RETURN NULL; END $$",
                f"CREATE OR REPLACE TRIGGER {name} AFTER {when} ON {table} {each} "
                f"EXECUTE FUNCTION {name}()"]
        return statements
    statements = list(_SQLITE_FTS)
    for name, table, when, where in _TRIGGERS:
        statements.append(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {when} ON {table} "
                          f"BEGIN {_refresh(dialect, where)}; END")
    return statements


def backfill_statements(dialect: str) -> list[str]:
    """Fill the document of every existing position (and the SQLite index)."""
    statements = [_refresh(dialect, "1 = 1")]
    if dialect == "sqlite":
        statements.append(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
    return statements


def drop_statements(dialect: str) -> list[str]:
    """Undo create_statements (the pg_trgm extension stays: others may use it)."""
    if dialect == "postgresql":
        return [s for name, table, _w, _x in _TRIGGERS
                for s in (f"DROP TRIGGER IF EXISTS {name} ON {table}",
                          f"DROP FUNCTION IF EXISTS {name}()")]
    return [*(f"DROP TRIGGER IF EXISTS {name}" for name, *_rest in _TRIGGERS),
            "DROP TRIGGER IF EXISTS position_fts_upd", "DROP TRIGGER IF EXISTS position_fts_del",
            f"DROP TABLE IF EXISTS {FTS_TABLE}"]


def install_search_index(positions: Table) -> None:
    """Make `metadata.create_all` build the index and `drop_all` remove it (tests do both).

    The triggers need companies, skills and position_skills too, so they are created after
    the whole metadata; pg_trgm must exist before the positions table's GIN index."""
    metadata = positions.metadata
    event.listen(metadata, "before_create",
                 DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))
    for dialect in ("postgresql", "sqlite"):
        for statement in create_statements(dialect):
            event.listen(metadata, "after_create", DDL(statement).execute_if(dialect=dialect))
        for statement in drop_statements(dialect):
            event.listen(metadata, "before_drop", DDL(statement).execute_if(dialect=dialect))



def autogenerate_filter(dialect: str):
    """Alembic's include_object for a dialect: the FTS5 table and its shadow tables are not
    models, and the pg_trgm index exists on PostgreSQL only."""

    def include_object(_obj, name, type_, reflected, compare_to) -> bool:
        if type_ == "table" and reflected and compare_to is None:
            return not (name or "").startswith(FTS_TABLE)
        if type_ == "index" and name == "ix_positions_search_text_trgm":
            return dialect == "postgresql"
        return True

    return include_object
