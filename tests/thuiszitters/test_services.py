"""The thuiszitters services: the rules of reporting (absoluut verzuim only for a pupil who is not enrolled,
relatief verzuim needs the school, one open case per pupil, 'anders' needs a text), ending (back at school needs
the school and hours, not before the start), the case numbers per SWV and year, retention (a pupil with an open
case stays; a closed case loses the pupil but is still counted); and every refusal leaves every row as it was."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.register import retention
from passend.register.models import Inschrijving, Leerling
from passend.thuiszitters import rapport, services
from passend.thuiszitters.models import Actie, Contact, Melding, Urenstand
from tests.factories import InschrijvingFactory, RolFactory, SchoolFactory, UserFactory

VANDAAG = dt.date.today()


def _dagen(n: int) -> dt.date:
    return VANDAAG - dt.timedelta(days=n)


def _foto(*objecten):
    modellen = (Melding, Actie, Contact, Urenstand, Leerling, Inschrijving, AuditEvent)
    tellers = tuple(m.objects.count() for m in modellen)
    rijen = []
    for o in objecten:
        o = type(o).objects.get(pk=o.pk)
        rijen.append({f.attname: str(getattr(o, f.attname)) for f in type(o)._meta.concrete_fields})
    return tellers, rijen


@contextmanager
def niets_verandert(*objecten, fout=(PermissionDenied, ValidationError)):
    voor = _foto(*objecten)
    with pytest.raises(fout) as e:
        yield e
    assert _foto(*objecten) == voor


def _velden(e) -> set:
    return set(e.value.message_dict) if hasattr(e.value, "error_dict") else set()


def _tekst(e) -> str:
    return " ".join(e.value.messages)


NIEUW = {"voornaam": "Sam", "achternaam": "Thuis", "geboortedatum": dt.date(2014, 5, 1), "postcode": "8011AB"}


def melding(t, rol=None, leerling=None, **velden):
    rol = rol or t.school
    gegevens = {"categorie": "relatief", "startdatum": _dagen(40), **velden}
    if "nieuwe_leerling" not in gegevens:
        gegevens["leerling"] = leerling or t.leerling
    return services.melding_registreren(rol, **gegevens)


def vers(m) -> Melding:
    return Melding.objects.get(pk=m.pk)


# ------------------------------------------------------------------------------------------------------------
# Reporting
# ------------------------------------------------------------------------------------------------------------

def test_melden_legt_de_casus_vast_met_een_eerste_stap(t):
    m = melding(t, uren_onderwijs="2,5", redenen=["anders", "schoolangst"], reden_anders=" Pesten ",
                partijen=["leerplicht", "school"], casushouder=t.consulent.user, toelichting="Sinds de herfst thuis.")
    assert (m.school, m.gemeente, m.schoolsoort, m.leeftijd_bij_start) == (
        t.school_a, t.gemeente, t.school_a.soort, t.leerling.leeftijd(m.startdatum))
    assert m.redenen == ["schoolangst", "anders"] and m.reden_anders == "Pesten"  # the list's order
    assert m.partijen == ["school", "leerplicht"] and str(m.uren_onderwijs) == "2.5"
    assert (m.gemeld_door, m.gemeld_door_rol) == (t.school.user, Rol.SCHOOL)
    stap = m.contacten.get()
    assert stap.soort == Contact.Soort.STAP and "relatief verzuim" in stap.verslag


@pytest.mark.parametrize("rolnaam", ["ouder", "leerling_zelf", "deskundige1", "bestuur", "vervoer", "beheerder"])
def test_melden_zonder_recht_wordt_geweigerd(t, rolnaam):
    with niets_verandert(fout=PermissionDenied):
        melding(t, rol=getattr(t, rolnaam))
    with niets_verandert(fout=PermissionDenied):
        melding(t, rol=getattr(t, rolnaam), nieuwe_leerling=NIEUW, categorie="absoluut")


def test_melden_weigert_een_leerling_of_school_buiten_bereik(t):
    with niets_verandert(fout=PermissionDenied):
        melding(t, leerling=t.leerling_b)  # not at the user's school
    with niets_verandert(fout=PermissionDenied):
        melding(t, rol=t.andere_staf)  # a pupil of another SWV
    with niets_verandert(fout=ValidationError) as e:
        melding(t, school=t.school_b)
    assert "school" in _velden(e)
    zonder_gemeente = RolFactory(rol=Rol.LEERPLICHT, swv=t.swv, user=UserFactory(username="lp-nergens"))
    with niets_verandert(fout=PermissionDenied):
        melding(t, rol=zonder_gemeente, nieuwe_leerling=NIEUW, categorie="absoluut")


def test_absoluut_verzuim_kan_niet_voor_een_ingeschreven_leerling(t):
    with niets_verandert(fout=ValidationError) as e:
        melding(t, rol=t.consulent, categorie="absoluut")
    assert "categorie" in _velden(e) and "De Linde" in _tekst(e) and "relatief verzuim" in _tekst(e)
    # Not enrolled (any more): absoluut verzuim is right.
    Inschrijving.objects.filter(leerling=t.leerling).update(einddatum=_dagen(60))
    m = melding(t, rol=t.consulent, categorie="absoluut")
    assert m.school is None and m.schoolsoort == ""


def test_relatief_verzuim_heeft_een_school_nodig(t):
    for rol in (t.consulent, t.leerplicht):
        with niets_verandert(fout=ValidationError) as e:
            melding(t, rol=rol, nieuwe_leerling=NIEUW, categorie="relatief")
        assert "school" in _velden(e) and "ingeschreven" in _tekst(e)
    m = melding(t, rol=t.leerplicht, nieuwe_leerling=NIEUW, categorie="relatief", school=t.school_b)
    assert m.school == t.school_b and m.gemeente == t.gemeente


def test_een_open_melding_per_leerling(t):
    eerste = melding(t)
    with niets_verandert(eerste, fout=ValidationError) as e:
        melding(t, rol=t.consulent, categorie="dreigend")
    assert "leerling" in _velden(e) and "loopt al" in _tekst(e)
    services.beeindigen(t.consulent, eerste, einddatum=VANDAAG, uitkomst="verhuisd")
    tweede = melding(t, rol=t.consulent, categorie="dreigend", startdatum=VANDAAG)
    assert tweede.pk != eerste.pk and Melding.objects.filter(leerling=t.leerling).count() == 2


def test_anders_heeft_een_beschrijving_nodig(t):
    with niets_verandert(fout=ValidationError) as e:
        melding(t, redenen=["gedrag", "anders"], reden_anders="   ")
    assert _velden(e) == {"reden_anders"}
    m = melding(t, redenen=["gedrag"])
    with niets_verandert(m, fout=ValidationError) as e:
        services.melding_bijwerken(t.school, m, redenen=["gedrag", "anders"])
    assert _velden(e) == {"reden_anders"}


def test_melden_weigert_ongeldige_invoer(t):
    gevallen = [
        ({"categorie": "spijbelen"}, "categorie"),
        ({"startdatum": VANDAAG + dt.timedelta(days=1)}, "startdatum"),
        ({"startdatum": "gisteren"}, "startdatum"),
        ({"uren_onderwijs": "41"}, "uren_onderwijs"),
        ({"uren_onderwijs": "veel"}, "uren_onderwijs"),
        ({"redenen": ["verveling"]}, "redenen"),
        ({"partijen": ["politie"]}, "partijen"),
        ({"casushouder": t.ouder.user}, "casushouder"),
    ]
    for velden, veld in gevallen:
        with niets_verandert(fout=ValidationError) as e:
            melding(t, **velden)
        assert veld in _velden(e), velden


def test_leerling_kiezen_of_nieuw_invullen(t):
    with niets_verandert(fout=ValidationError) as e:  # neither
        services.melding_registreren(t.consulent, categorie="dreigend", startdatum=_dagen(3))
    assert "leerling" in _velden(e)
    with niets_verandert(fout=ValidationError) as e:  # both
        melding(t, rol=t.consulent, leerling=t.leerling, nieuwe_leerling=NIEUW)
    with niets_verandert(fout=ValidationError) as e:  # leerplicht does not pick from the register
        melding(t, rol=t.leerplicht, leerling=t.leerling)
    assert "leerling" in _velden(e) and "geboortedatum" in _tekst(e)
    with niets_verandert(fout=ValidationError) as e:  # the new pupil's data must be complete
        melding(t, rol=t.leerplicht, categorie="absoluut", nieuwe_leerling={**NIEUW, "achternaam": ""})
    assert "leerling_achternaam" in _velden(e)


def test_leerplicht_meldt_in_de_eigen_gemeente(t):
    m = melding(t, rol=t.andere_leerplicht, categorie="absoluut", nieuwe_leerling=NIEUW)
    # The pupil's postcode lies in Zwolle, but the report is Kampen's case: their leerplicht made it.
    assert m.gemeente == t.andere_gemeente and m.leerling.swv == t.swv


def test_nummers_per_swv_en_jaar(t):
    vorig, dit = VANDAAG.year - 1, VANDAAG.year
    leerlingen = [InschrijvingFactory(school=t.school_a, leerling__swv=t.swv).leerling for _ in range(3)]
    a = melding(t, rol=t.consulent, leerling=leerlingen[0], startdatum=dt.date(vorig, 3, 1))
    b = melding(t, rol=t.consulent, leerling=leerlingen[1], startdatum=dt.date(vorig, 11, 1))
    c = melding(t, rol=t.consulent, leerling=leerlingen[2], startdatum=dt.date(dit, 1, 1))
    d = melding(t, rol=t.consulent, leerling=t.leerling, startdatum=dt.date(vorig, 5, 1))
    buren = InschrijvingFactory(school=SchoolFactory(regio_swv_po=t.ander_swv), leerling__swv=t.ander_swv).leerling
    e = melding(t, rol=t.andere_staf, leerling=buren, startdatum=dt.date(vorig, 6, 1))
    assert [x.nummer for x in (a, b, c, d, e)] == [
        f"TZ-PO2799-{vorig}-0001", f"TZ-PO2799-{vorig}-0002", f"TZ-PO2799-{dit}-0001", f"TZ-PO2799-{vorig}-0003",
        f"TZ-PO2798-{vorig}-0001",
    ]


# ------------------------------------------------------------------------------------------------------------
# Working on a case
# ------------------------------------------------------------------------------------------------------------

def test_bijwerken_legt_een_stap_vast_en_weigert(t):
    m = melding(t)
    services.melding_bijwerken(t.leerplicht, m, uren_onderwijs="4", partijen=["jeugdhulp"], casushouder=t.leerplicht.user)
    m = vers(m)
    assert (str(m.uren_onderwijs), m.partijen, m.casushouder) == ("4.0", ["jeugdhulp"], t.leerplicht.user)
    assert m.contacten.filter(soort="stap", verslag__startswith="Melding bijgewerkt").count() == 1
    services.melding_bijwerken(t.consulent, m, uren_onderwijs="4.0")  # nothing changes: no step
    assert m.contacten.filter(verslag__startswith="Melding bijgewerkt").count() == 1
    with niets_verandert(m, fout=ValidationError) as e:
        services.melding_bijwerken(t.school, m, startdatum=_dagen(5))
    assert "startdatum" in _tekst(e)
    for rol in (t.andere_school, t.andere_leerplicht, t.ouder, t.andere_staf):
        with niets_verandert(m, fout=PermissionDenied):
            services.melding_bijwerken(rol, m, toelichting="Niet mijn casus.")
    dreigend = melding(t, rol=t.leerplicht, categorie="dreigend", nieuwe_leerling=NIEUW)
    with niets_verandert(dreigend, fout=ValidationError) as e:
        services.melding_bijwerken(t.consulent, dreigend, categorie="relatief")  # no school
    assert "categorie" in _velden(e)


def test_contact_vastleggen_en_weigeren(t):
    m = melding(t)
    c = services.contact_toevoegen(t.leerplicht, m, datum=VANDAAG, soort="huisbezoek", partij="leerplicht",
                                   verslag=" Gesprek met moeder. ")
    assert (c.verslag, c.rol, c.user) == ("Gesprek met moeder.", Rol.LEERPLICHT, t.leerplicht.user)
    gevallen = [
        ({"datum": VANDAAG + dt.timedelta(days=1)}, "datum"),
        ({"datum": m.startdatum - dt.timedelta(days=400)}, "datum"),
        ({"soort": "stap"}, "soort"),
        ({"soort": "brief"}, "soort"),
        ({"partij": "politie"}, "partij"),
        ({"verslag": "  "}, "verslag"),
        ({"soort": "tafel"}, "soort"),  # the thuiszittersoverleg is the SWV's to record
    ]
    for velden, veld in gevallen:
        gegevens = {"datum": VANDAAG, "soort": "gesprek", "verslag": "Besproken.", **velden}
        with niets_verandert(m, fout=ValidationError) as e:
            services.contact_toevoegen(t.school, m, **gegevens)
        assert veld in _velden(e), velden
    with niets_verandert(m, fout=PermissionDenied):
        services.contact_toevoegen(t.andere_school, m, datum=VANDAAG, soort="gesprek", verslag="Besproken.")
    # The SWV's contact at the thuiszittersoverleg puts the case on the table.
    services.contact_toevoegen(t.consulent, m, datum=_dagen(1), soort="tafel", verslag="Besproken aan tafel.")
    assert vers(m).tafel_op == _dagen(1)


def test_plan_van_aanpak(t):
    m = melding(t)
    a = services.actie_toevoegen(t.school, m, omschrijving="Plek zoeken op SO", eigenaar="Consulent",
                                 partij="swv", uiterlijk=VANDAAG + dt.timedelta(days=14))
    assert m.contacten.filter(verslag__contains="Plek zoeken op SO").exists()
    for velden, veld in [({"omschrijving": " "}, "omschrijving"), ({"eigenaar": ""}, "eigenaar"),
                         ({"uiterlijk": m.startdatum - dt.timedelta(days=1)}, "uiterlijk"),
                         ({"partij": "buurman"}, "partij")]:
        gegevens = {"omschrijving": "Iets", "eigenaar": "Iemand", "uiterlijk": VANDAAG, **velden}
        with niets_verandert(m, fout=ValidationError) as e:
            services.actie_toevoegen(t.school, m, **gegevens)
        assert veld in _velden(e), velden
    with niets_verandert(a, fout=PermissionDenied):
        services.actie_afronden(t.andere_school, a)
    with niets_verandert(a, fout=ValidationError):
        services.actie_afronden(t.school, a, datum=VANDAAG + dt.timedelta(days=1))
    services.actie_afronden(t.leerplicht, a)
    assert vers(m).acties.get().gedaan_op == VANDAAG
    with niets_verandert(a, fout=ValidationError) as e:
        services.actie_afronden(t.school, a)
    assert "al afgerond" in _tekst(e)


def test_thuiszittersoverleg_alleen_door_het_swv_en_een_keer(t):
    m = melding(t)
    for rol in (t.school, t.leerplicht):
        with niets_verandert(m, fout=PermissionDenied):
            services.naar_tafel(rol, m)
    with niets_verandert(m, fout=ValidationError):
        services.naar_tafel(t.consulent, m, datum=VANDAAG + dt.timedelta(days=61))
    services.naar_tafel(t.consulent, m, datum=VANDAAG + dt.timedelta(days=7), verslag="Op de agenda gezet.")
    m = vers(m)
    assert m.tafel_op == VANDAAG + dt.timedelta(days=7)
    assert m.contacten.filter(soort="tafel", verslag="Op de agenda gezet.", datum=VANDAAG).exists()
    with niets_verandert(m, fout=ValidationError) as e:
        services.naar_tafel(t.directeur, m)
    assert "al op" in _tekst(e)


# ------------------------------------------------------------------------------------------------------------
# Ending
# ------------------------------------------------------------------------------------------------------------

def test_afsluiten_alleen_door_swv_of_leerplicht(t):
    m = melding(t)
    for rol in (t.school, t.andere_leerplicht, t.ouder, t.andere_staf):
        with niets_verandert(m, fout=PermissionDenied):
            services.beeindigen(rol, m, einddatum=VANDAAG, uitkomst="verhuisd")
    services.beeindigen(t.leerplicht, m, einddatum=VANDAAG, uitkomst="vrijstelling")
    assert vers(m).uitkomst == "vrijstelling" and not vers(m).is_open


def test_terug_op_school_heeft_school_en_uren_nodig(t):
    m = melding(t)
    with niets_verandert(m, fout=ValidationError) as e:
        services.beeindigen(t.consulent, m, einddatum=VANDAAG, uitkomst="terug_op_school")
    assert {"school", "uren"} <= _velden(e)
    with niets_verandert(m, fout=ValidationError) as e:
        services.beeindigen(t.consulent, m, einddatum=VANDAAG, uitkomst="terug_op_school", school=t.so_school)
    assert _velden(e) == {"uren"}
    services.beeindigen(t.consulent, m, einddatum=VANDAAG, uitkomst="terug_op_school", school=t.so_school, uren="12,5")
    m = vers(m)
    assert (m.uitkomst_school, str(m.uitkomst_uren)) == (t.so_school, "12.5")
    assert m.contacten.filter(verslag__contains="SO De Brug").exists()


def test_afsluiten_weigert_ongeldige_uitkomst_en_datum(t):
    m = melding(t, startdatum=_dagen(30))
    gevallen = [
        ({"einddatum": _dagen(31)}, "einddatum"),  # before the start
        ({"einddatum": VANDAAG + dt.timedelta(days=1)}, "einddatum"),
        ({"uitkomst": "weg"}, "uitkomst"),
        ({"uitkomst": "zorg"}, "toelichting"),
        ({"uitkomst": "ander_onderwijs", "toelichting": " "}, "toelichting"),
        ({"uitkomst": "anders"}, "toelichting"),
    ]
    for velden, veld in gevallen:
        gegevens = {"einddatum": VANDAAG, "uitkomst": "verhuisd", **velden}
        with niets_verandert(m, fout=ValidationError) as e:
            services.beeindigen(t.consulent, m, **gegevens)
        assert veld in _velden(e), velden
    services.beeindigen(t.consulent, m, einddatum=m.startdatum, uitkomst="zorg", toelichting="Dagbesteding.")


def test_aan_een_afgesloten_melding_verandert_niets_meer(t):
    m = melding(t)
    a = services.actie_toevoegen(t.school, m, omschrijving="Gesprek", eigenaar="IB", uiterlijk=VANDAAG)
    services.beeindigen(t.consulent, m, einddatum=VANDAAG, uitkomst="verhuisd")
    stappen = [
        lambda: services.melding_bijwerken(t.school, m, toelichting="Nog iets."),
        lambda: services.contact_toevoegen(t.leerplicht, m, datum=VANDAAG, soort="gesprek", verslag="Na afloop."),
        lambda: services.actie_toevoegen(t.consulent, m, omschrijving="Nog iets", eigenaar="IB", uiterlijk=VANDAAG),
        lambda: services.actie_afronden(t.school, a),
        lambda: services.naar_tafel(t.consulent, m),
        lambda: services.beeindigen(t.consulent, m, einddatum=VANDAAG, uitkomst="zorg", toelichting="Toch anders."),
    ]
    for stap in stappen:
        with niets_verandert(m, a, fout=ValidationError) as e:
            stap()
        assert "afgesloten" in _tekst(e)
    # Who cannot see the case still gets a plain refusal (no hint that it exists).
    with niets_verandert(m, fout=PermissionDenied):
        services.contact_toevoegen(t.andere_school, m, datum=VANDAAG, soort="gesprek", verslag="?")


# ------------------------------------------------------------------------------------------------------------
# Retention
# ------------------------------------------------------------------------------------------------------------

def _vertrokken(t, achternaam: str) -> Leerling:
    """A pupil who left school A six years ago (past any retention period) and never enrolled again."""
    return InschrijvingFactory(school=t.school_a, leerling__swv=t.swv, leerling__achternaam=achternaam,
                               begindatum=dt.date(2015, 8, 20), einddatum=_dagen(6 * 366)).leerling


def test_bewaren_houdt_een_leerling_met_een_open_melding(t):
    open_ = _vertrokken(t, "Open")
    zonder = _vertrokken(t, "Zonder")
    m = melding(t, rol=t.consulent, leerling=open_, categorie="absoluut", startdatum=_dagen(200))
    retention.verwijder_verlopen()
    assert not Leerling.objects.filter(pk=zonder.pk).exists()
    assert Leerling.objects.filter(pk=open_.pk).exists() and vers(m).leerling_id == open_.pk


def test_bewaren_anonimiseert_een_afgesloten_melding_die_blijft_meetellen(t):
    leerling = _vertrokken(t, "Weg")
    m = melding(t, rol=t.consulent, leerling=leerling, categorie="absoluut", startdatum=_dagen(300),
                redenen=["anders"], reden_anders="Verhuisd naar familie in Kampen", casushouder=t.consulent.user,
                toelichting="Moeder Weg belt wekelijks.")
    services.actie_toevoegen(t.consulent, m, omschrijving="Huisbezoek", eigenaar="Leerplicht", uiterlijk=VANDAAG)
    services.contact_toevoegen(t.consulent, m, datum=_dagen(100), soort="gesprek", verslag="Gesprek met de familie Weg.")
    services.beeindigen(t.consulent, m, einddatum=_dagen(20), uitkomst="ander_onderwijs",
                        toelichting="Thuisonderwijs via de familie Weg.")
    voor = rapport.telling_cumulatief([rapport.casus_van(x) for x in Melding.objects.filter(swv=t.swv)], VANDAAG)
    retention.verwijder_verlopen()
    assert not Leerling.objects.filter(pk=leerling.pk).exists()
    m = vers(m)
    assert m.leerling is None and m.geanonimiseerd_op == VANDAAG and m.casushouder is None
    assert (m.toelichting, m.reden_anders, m.uitkomst_toelichting) == ("", "", "")
    assert not m.contacten.exists() and not m.acties.exists()
    assert [(u.geldig_vanaf, u.door_id) for u in m.urenstanden.all()] == [(_dagen(300), None)]  # hours stay
    assert [(c.geldig_vanaf, c.categorie, c.door_id) for c in m.categoriestanden.all()] == [
        (_dagen(300), "absoluut", None)]  # so does the category, without who recorded it
    assert not any("Weg" in str(getattr(m, f.attname)) for f in Melding._meta.concrete_fields)
    # What the report needs stays.
    assert (m.categorie, m.startdatum, m.einddatum, m.uitkomst, m.redenen) == (
        "absoluut", _dagen(300), _dagen(20), "ander_onderwijs", ["anders"])
    assert m.leeftijd_bij_start is not None and m.gemeente == t.gemeente
    na = rapport.telling_cumulatief([rapport.casus_van(x) for x in Melding.objects.filter(swv=t.swv)], VANDAAG)
    assert na == voor
    absoluut = next(r for r in na if r[0].startswith("Absoluut"))
    assert absoluut[2] == "<5" and absoluut[3] == "<5"  # one ended case, still counted (as a small number)
    assert rapport.registratie([rapport.casus_van(m)], VANDAAG, ["categorie", "status", "uitkomst"]) == [
        ["Absoluut verzuim (niet ingeschreven)", "Beëindigd", "Ander onderwijs"]]
