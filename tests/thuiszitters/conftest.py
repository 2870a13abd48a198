"""The small world of tests/toewijzing/conftest.py (fixture `w`), plus what the thuiszitters register needs:
the gemeente Zwolle-Test (home of w.leerling by postcode, and of school A) with its leerplichtambtenaar, and a
second gemeente with its own leerplichtambtenaar."""

import pytest

from passend.accounts.models import Rol
from passend.register.models import Gemeente, Postcodegebied
from tests.factories import RolFactory, UserFactory
from tests.toewijzing.conftest import _media, w  # noqa: F401  (the same small world and media root)


@pytest.fixture
def t(w):  # noqa: F811  (the fixture `w` imported above)
    t = w
    t.gemeente = Gemeente.objects.create(naam="Zwolle-Test", sleutel="zwolle-test")
    t.andere_gemeente = Gemeente.objects.create(naam="Kampen-Test", sleutel="kampen-test")
    Postcodegebied.objects.update_or_create(pc4="8011", defaults={"gemeente": t.gemeente})
    for s in (w.school_a, w.school_b, w.so_school):
        s.gemeente = t.gemeente
        s.save()
    w.leerplicht.gemeente = t.gemeente
    w.leerplicht.save()
    t.andere_leerplicht = RolFactory(rol=Rol.LEERPLICHT, swv=w.swv, gemeente=t.andere_gemeente,
                                     user=UserFactory(username="leerplicht-kampen"))
    return t
