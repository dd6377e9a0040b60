"""Ad-hoc SQL: the SQL page and /api/sql run one read-only query in a worker process of their own.

    guard.py     which statements run: one query of an allowed kind, by DuckDB's own parser, naming
                 only allowlisted functions, table functions and relations
    worker.py    the process that runs them, locked down (connection settings, no file writes,
                 a memory bound, a time limit by interrupt), reopening a newly swapped warehouse
    runner.py    the dashboard's side: users' turns (a fair queue), start, ask, kill and restart
                 the worker, its stderr into the server log
    results.py   answers as JSON-safe values, CSV (UTF-8 with BOM) and XLSX
    api.py       GET|POST /api/sql, registered by `register_sql_routes(app, settings)`
    examples.sql the saved example queries (the README quotes them)

This package's __init__ imports nothing: the worker process imports it, and stays small.
"""
