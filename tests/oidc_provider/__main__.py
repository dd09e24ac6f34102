"""`python -m tests.oidc_provider`, with OIDC_PROVIDER_DIR set: makes the provider's
database, application and user, prints the port it listens on and serves until ended, or
until its standard input closes (the test run that started it is gone)."""

import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, PASSWORD, USERNAME  # noqa: E402

call_command("migrate", verbosity=0)
User.objects.create_user(
    USERNAME,
    email="ines.desmet@stad.gent",
    password=PASSWORD,
    first_name="Ines",
    last_name="Desmet",
)
Application.objects.create(
    name="gentintl",
    client_id=CLIENT_ID,
    client_secret=CLIENT_SECRET,
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
server.set_app(get_wsgi_application())
print(server.server_port, flush=True)  # noqa: T201 (the fixture reads the port)
threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
server.serve_forever()
