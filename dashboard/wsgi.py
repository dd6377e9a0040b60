"""`gunicorn -w 4 dashboard.wsgi:server`: settings come from DASHBOARD_* variables."""

from dashboard.app import create_app

app = create_app()
server = app.server
