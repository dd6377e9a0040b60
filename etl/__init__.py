"""Polars ETL: raw agreement, delegation and investment files -> the DuckDB warehouse."""
