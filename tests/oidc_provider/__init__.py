"""A real OpenID Connect provider for the single-sign-on tests, standing in for the city's.

A small Django project on django-oauth-toolkit, run in its own process by the
`oidc_provider` fixture (tests/conftest.py): RS256 keys made at start-up, one confidential
application that skips the consent page, RP-initiated logout, and one user whose groups
claim is their provider groups. A test changes those groups, or makes the provider sign its
ID tokens wrongly, through /control/ (tests/oidc_provider/control.py).
"""

# Shared with the tests, which import this package without its Django project.
CLIENT_ID = "gentintl"
CLIENT_SECRET = "test-client-secret-not-secret"
USERNAME = "ines.desmet"
PASSWORD = "provider-password-of-ines"
EDITORS = "gentintl-redacteurs"  # the provider's groups the tests map to Editors, Managers
MANAGERS = "gentintl-managers"
