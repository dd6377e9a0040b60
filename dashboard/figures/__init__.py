"""Pure functions: a Polars frame -> a plotly Figure, one theme for screen and slides."""
