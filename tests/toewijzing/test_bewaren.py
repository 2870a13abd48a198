"""Retention also removes a pupil's toewijzing file, but not while a TLV was valid recently or an objection runs."""

import datetime as dt
import os

from passend.register.models import Inschrijving, Leerling
from passend.register.retention import verlopen_leerlingen, verwijder_verlopen
from passend.toewijzing.models import Aanvraag, Bijlage, Gebeurtenis, Status, Tlv


def _vertrokken(leerling, einde):
    Inschrijving.objects.filter(leerling=leerling).update(begindatum=dt.date(2016, 8, 22), einddatum=einde)


def test_verlopen_leerling_gaat_met_aanvragen_en_tlv(w, django_capture_on_commit_callbacks):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    tlv = Tlv.objects.get(aanvraag=a)
    Tlv.objects.filter(pk=tlv.pk).update(begindatum=dt.date(2019, 8, 1), einddatum=dt.date(2020, 7, 31))
    _vertrokken(w.leerling, dt.date(2020, 7, 31))
    bestanden = [b.bestand.path for b in Bijlage.objects.filter(aanvraag=a)]
    with django_capture_on_commit_callbacks(execute=True):
        resultaat = verwijder_verlopen(op=dt.date(2026, 11, 1), jaren=3)
    assert resultaat["leerlingen"] == 1
    assert not Leerling.objects.filter(pk=w.leerling.pk).exists()
    assert not Aanvraag.objects.filter(pk=a.pk).exists()
    assert not Tlv.objects.filter(pk=tlv.pk).exists()
    assert not Gebeurtenis.objects.filter(aanvraag_id=a.pk).exists()
    assert bestanden and not any(os.path.exists(p) for p in bestanden)


def test_tlv_na_de_grens_houdt_het_dossier_vast(w):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    Tlv.objects.filter(aanvraag=a).update(begindatum=dt.date(2023, 8, 1), einddatum=dt.date(2024, 7, 31))
    _vertrokken(w.leerling, dt.date(2020, 7, 31))
    assert w.leerling not in verlopen_leerlingen(op=dt.date(2026, 11, 1), jaren=3)
    assert verwijder_verlopen(op=dt.date(2026, 11, 1), jaren=3)["leerlingen"] == 0
    assert Aanvraag.objects.filter(pk=a.pk).exists()


def test_open_bezwaar_houdt_het_dossier_vast(w):
    a = w.naar(w.aanvraag(), Status.BEZWAAR)
    Tlv.objects.filter(aanvraag=a).update(begindatum=dt.date(2019, 8, 1), einddatum=dt.date(2020, 7, 31))
    _vertrokken(w.leerling, dt.date(2020, 7, 31))
    assert w.leerling not in verlopen_leerlingen(op=dt.date(2026, 11, 1), jaren=3)
