"""Generated data: `flask seed demo` (a believable programme with one login per role) and
`flask seed scale` (Hong Kong scale, for dashboards and benchmarks).

Both run one pipeline (generate.py) over shared reference data (reference.py), name lists
(names.py) and distributions (plan.py), from one random.Random(2025). Rows are queued per table
in a BulkWriter (writer.py) that assigns ids and inserts in foreign-key order: executemany on
SQLite, COPY on PostgreSQL. demo_accounts.py places the hand-made demo accounts.
"""
