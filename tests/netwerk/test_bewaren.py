"""Retention: a pupil's needs and placement requests go with the pupil's record; a running request keeps it."""

import datetime as dt

from passend.netwerk import services
from passend.netwerk.models import Dekkingsmeting, Leerlingbehoefte, Plaatsingsverzoek
from passend.register import retention
from passend.register.models import Inschrijving, Leerling


def test_lopend_verzoek_houdt_de_leerling_vast_en_daarna_gaat_alles_mee(n, settings):
    w = n.w
    p = services.plaatsing_starten(w.consulent, w.leerling, behoeften=[n.b["gedrag"]], pc4="8011")
    Dekkingsmeting.objects.create(swv=w.swv, datum=dt.date(2020, 1, 1))
    Inschrijving.objects.filter(leerling=w.leerling).update(einddatum=dt.date(2022, 12, 31))
    op = dt.date(2026, 12, 1)
    assert w.leerling not in retention.verlopen_leerlingen(op=op, jaren=3)
    services.plaatsing_intrekken(w.consulent, p)
    assert w.leerling in retention.verlopen_leerlingen(op=op, jaren=3)
    retention.verwijder_verlopen(op=op, jaren=3)
    assert not Leerling.objects.filter(pk=w.leerling.pk).exists()
    assert not Plaatsingsverzoek.objects.exists() and not Leerlingbehoefte.objects.exists()
    assert Dekkingsmeting.objects.exists()  # aggregates only: kept
