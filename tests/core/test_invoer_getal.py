"""Numbers as people in the Netherlands type them (core.invoer.getal), used by the Middelen forms and services."""

from decimal import Decimal

import pytest

from passend.core.invoer import getal


@pytest.mark.parametrize("tekst, verwacht", [
    ("12,5", "12.5"), ("12.5", "12.5"), ("7.000", "7000"), ("€ 7.000,50", "7000.50"), ("1.250.000", "1250000"),
    ("0.583", "0.583"), ("0,583", "0.583"), ("3,5 %", "3.5"), ("-1,0", "-1.0"), ("250000", "250000"),
])
def test_getal_leest_nederlandse_notatie(tekst, verwacht):
    assert getal(tekst) == Decimal(verwacht)


@pytest.mark.parametrize("tekst", ["", "abc", "1,2,3", "NaN", "Infinity"])
def test_geen_getal(tekst):
    with pytest.raises(ValueError):
        getal(tekst)


def test_de_dienst_leest_duizendtallen(db):
    from passend.middelen.services import _decimaal

    fouten = {}
    assert _decimaal("7.000", "vaste_voet_per_school", fouten) == Decimal("7000") and not fouten
