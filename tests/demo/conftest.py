"""The demo is built once for all tests in this folder (it takes seconds, more on PostgreSQL), inside a
transaction that is rolled back when the folder's tests are done. Each test runs in a savepoint inside it (the
usual `db` fixture), so what one test changes, such as rebuilding the demo, is undone before the next.

The tests of this folder share one xdist group, so one worker runs them one after another (bin/test passes
--dist loadgroup)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/demo/" in str(item.fspath):
            item.add_marker(pytest.mark.xdist_group("demo"))


@pytest.fixture(scope="package")
def demo_gebouwd(django_db_setup, django_db_blocker):
    """The output of `passend demo` on the real register, built once."""
    from passend.register.importer import import_register

    with django_db_blocker.unblock():
        atomics = [transaction.atomic(using=alias) for alias in connections]
        for a in atomics:
            a.__enter__()
        try:
            import_register(settings.DATA_DIR)
            uit = io.StringIO()
            call_command("demo", stdout=uit)
            yield uit.getvalue()
        finally:
            for alias in connections:
                transaction.set_rollback(True, using=alias)
            for a in reversed(atomics):
                a.__exit__(None, None, None)


@pytest.fixture
def demo(demo_gebouwd, db):
    return demo_gebouwd
