"""Dash app: charts of agreements, delegations and investment from the warehouse."""
