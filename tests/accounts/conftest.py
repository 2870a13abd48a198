import pytest

from tests.factories import RolFactory, SamenwerkingsverbandFactory


@pytest.fixture
def swv(db):
    return SamenwerkingsverbandFactory(code="PO2701", naam="Passend Zwolle")


@pytest.fixture
def ander_swv(db):
    return SamenwerkingsverbandFactory(code="PO2702", naam="Passend Elders")


@pytest.fixture
def beheerder(swv):
    return RolFactory(rol="beheerder", swv=swv, user__username="beheer", user__first_name="Bea",
                      user__last_name="Beheer")
