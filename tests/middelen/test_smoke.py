import datetime as dt
from decimal import Decimal

import pytest

from passend.middelen import gegevens, regels
from passend.middelen.models import Middeleninstellingen, Normbedrag


def test_officiele_bedragen_zijn_geladen(db):
    assert Normbedrag.objects.get(jaar=2015, sector="PO", component="licht", swv=None).bedrag == Decimal("156.61")
    assert Normbedrag.objects.get(jaar=2024, sector="PO", component="so_hoog", swv=None).bedrag == Decimal("31419.53")


def test_handberekening_2015():
    # 1,000 pupils; 3 SBO-TLV's; two SO laag pupils. Budget year 2015 counts on 1-2-2014.
    t = {"licht": Decimal("156.61"), "zwaar": Decimal("318.83"), "sbo": Decimal("2986.87"),
         "so_laag": Decimal("7958.38"), "so_midden": Decimal("13921.11"), "so_hoog": Decimal("20645.71"),
         "so_jong_laag": Decimal("8770.09")}
    sp = [regels.Speciaal(f"S{i}", "sbo", "") for i in range(3)] + [
        regels.Speciaal("O1", "so", "laag", dt.date(2005, 1, 1)), regels.Speciaal("O2", "so", "laag", dt.date(2010, 1, 1))]
    b = regels.begroting(regels.Invoer(2015, "PO", 1000, sp), t)
    assert b.bruto == Decimal("156610.00") + Decimal("318830.00")
    # 3 x 2986.87 = 8960.61; O1 is 9 on 1-2-2014 -> 7958.38; O2 is 4 -> jong 8770.09
    assert b.totaal_aftrek == Decimal("8960.61") + Decimal("7958.38") + Decimal("8770.09")
    assert b.vrij == Decimal("475440.00") - Decimal("25689.08")


def test_ontbrekend_jaar_noemt_het_jaar():
    with pytest.raises(regels.OntbrekendNormbedrag, match="2024"):
        regels.begroting(regels.Invoer(2024, "PO", 10), {"sbo": Decimal(1)})


def test_verdeling_telt_op(w):
    scholen = [regels.School(1, "A", 1, "B1", 300, Decimal("1000")), regels.School(2, "B", 2, "B2", 100, Decimal("0"))]
    for model in ("school", "expertise", "leerling", "hybride"):
        v = regels.verdeel(Decimal("10000.01"), scholen, model, apparaat_procent=Decimal(5))
        assert sum(v.per_school.values()) + v.swv == Decimal("10000.01"), model
    b = gegevens.begroting(w.swv, 2015, Middeleninstellingen.voor(w.swv))
    assert b.jaar == 2015


def test_kies_tarieven():
    d = Decimal
    rijen = [(False, "PO", "licht", d(1)), (False, "VO", "licht", d(2)), (False, "VO", "vso_laag", d(3)),
             (False, "PO", "so_laag", d(4)), (True, "PO", "so_laag", d(5)), (False, "VO", "so_laag", d(6))]
    assert regels.kies_tarieven(rijen, "PO") == {"licht": d(1), "vso_laag": d(3), "so_laag": d(5)}
    assert regels.kies_tarieven(rijen, "VO") == {"licht": d(2), "vso_laag": d(3), "so_laag": d(5)}


def test_officiele_bedragen_laden_is_idempotent_en_zonder_audit(db):
    from passend.audit.models import AuditEvent
    from passend.middelen.normbedragen import laad_officiele_normbedragen

    n = Normbedrag.objects.filter(swv=None).count()
    Normbedrag.objects.filter(swv=None, component="licht", jaar=2015).update(bedrag=Decimal("1"))
    assert laad_officiele_normbedragen() == n
    assert Normbedrag.objects.get(jaar=2015, sector="PO", component="licht", swv=None).bedrag == Decimal("156.61")
    assert not AuditEvent.objects.filter(object_type="middelen.normbedrag").exists()


def test_trend_procent():
    assert regels.trend_procent([100, 110, 121]) == Decimal("10.0")
    assert regels.trend_procent([200, 150]) == Decimal("-25.0")
    assert regels.trend_procent([5]) is None and regels.trend_procent([0, 4]) is None
