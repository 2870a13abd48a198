import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _no_two_factor_by_default(settings):
    """Most tests log in without TOTP; tests of two-factor switch it on themselves."""
    settings.PASSEND_TWO_FACTOR = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Fast hashing in tests; argon2 itself is checked in tests/accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _empty_caches(settings):
    """Ids are reused after a rolled-back test; a cached value must not leak from one test into the next.
    The job-progress cache is in memory here (in production it is a file cache under var/)."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "voortgang": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "voortgang"},
    }
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def register_real(db):
    """The real public register (all schools, PC4 table, centroids) imported once into the test database."""
    from passend.register.importer import import_register

    import_register(settings.DATA_DIR)
    return True


@pytest.fixture
def login(client):
    """Log a role in with the test client: `login(rol)` returns the client acting in that role."""

    def _login(rol):
        client.force_login(rol.user)
        session = client.session
        session["passend_rol_id"] = rol.pk
        session.save()
        return client

    return _login


@pytest.fixture
def api():
    """`api(rol)`: an API client that authenticates with the user's token and acts in `rol` (header
    X-Passend-Rol; `header=False` leaves it out, so the first active role applies)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def _api(rol, *, header=True):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=rol.user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}",
                           **({"HTTP_X_PASSEND_ROL": str(rol.pk)} if header else {}))
        return client

    return _api
