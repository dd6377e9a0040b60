"""`gunicorn -w 2 --threads 8 dashboard.wsgi:server`: settings come from DASHBOARD_* variables.

Each worker imports this module itself (do not use gunicorn's --preload: the image browser and the
SQL worker belong to the process that started them), builds the app and starts its helpers at once.
"""

from dashboard.app import create_app, warm

app = create_app()
server = app.server
warm(app)
