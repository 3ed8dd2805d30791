"""The tables of the stored projections, as their database creates them: names and DDL.

The log's database keeps, beside the records, the per-partner projections that
`timeline.fold.stored.ProjectionStore` maintains (derived data, dropped and made again by
``timeline rebuild``). What those rows mean is the fold's business; their shape is here, in
the log's package, because `timeline.log.postgres.setup_schema` creates them with the log's
own tables (and grants the application role its rights on them), and the log imports
nothing from the fold.
"""

from __future__ import annotations

__all__ = ["TABLES", "schema"]

#: The store's tables.
TABLES = ("projections", "projection_facts", "projection_position")

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS {prefix}projections (
        partner TEXT PRIMARY KEY,
        seq {big} NOT NULL,
        hash TEXT NOT NULL,
        last_seq {big} NOT NULL,
        last_published TEXT,
        unpublished INTEGER NOT NULL,
        linked INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS {prefix}projection_facts (
        partner TEXT NOT NULL,
        section INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        early INTEGER NOT NULL,
        late INTEGER,
        amount TEXT,
        currency TEXT,
        qualifier TEXT,
        body {blob} NOT NULL,
        PRIMARY KEY (partner, section, ord)
    ){without_rowid}""",
    "CREATE INDEX IF NOT EXISTS projection_facts_early "
    "ON {prefix}projection_facts (partner, section, early)",
    """CREATE TABLE IF NOT EXISTS {prefix}projection_position (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        seq {big} NOT NULL,
        hash TEXT NOT NULL,
        format INTEGER NOT NULL
    )""",
)


def schema(postgres_schema: str | None = None) -> tuple[str, ...]:
    """The statements that create the store's tables: in a SQLite file (None), or in the
    PostgreSQL schema named `postgres_schema` (a name already checked by the log)."""
    if postgres_schema is None:
        spelling = {
            "prefix": "",
            "big": "INTEGER",
            "blob": "BLOB",
            "without_rowid": " WITHOUT ROWID",
        }
    else:
        spelling = {"prefix": f'"{postgres_schema}".', "big": "BIGINT", "blob": "BYTEA",
                    "without_rowid": ""}  # fmt: skip
    return tuple(statement.format(**spelling) for statement in _SCHEMA)
