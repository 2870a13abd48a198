"""The Middelen services refuse what is wrong and then change nothing: settings whose hybrid shares do not add
up to 100, a bad number in any field, a rates import with one bad row (nothing saved, the message names the
row), a file of the wrong type or without the needed columns; and only the directeur and the beheerder change
anything."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from passend.audit.models import AuditEvent
from passend.middelen import services
from passend.middelen.models import Leerlingtelling, Middeleninstellingen, Normbedrag
from tests.toewijzing.conftest import ALLE_ROLLEN

D = Decimal
GOED = {"jaar": "2026", "sector": "PO", "component": "licht", "bedrag": "205,48", "bron": "Regeling 2026"}


def _instellingen(swv):
    i = Middeleninstellingen.objects.filter(swv=swv).first()
    return None if i is None else {f.name: getattr(i, f.name) for f in i._meta.concrete_fields}


def _eigen(swv):
    return sorted(Normbedrag.objects.filter(swv=swv).values_list("jaar", "sector", "component", "bedrag", "bron"))


def _alles(w):
    """Everything the services could change, to compare before and after a refusal."""
    return (_instellingen(w.swv), _eigen(w.swv), _instellingen(w.ander_swv), _eigen(w.ander_swv),
            sorted(Normbedrag.objects.filter(swv=None).values_list("jaar", "sector", "component", "bedrag")),
            sorted(Leerlingtelling.objects.values_list("swv_id", "jaar", "bo", "sbo", "vo", "bron")))


@pytest.fixture
def s(w):
    """A world where the SWV already has settings, an own rate and a count (so a refusal could spoil them)."""
    services.instellingen_opslaan(w.directeur, gekozen_model="school", apparaat_procent="4",
                                  hybride_school_procent="60", hybride_leerling_procent="20",
                                  hybride_expertise_procent="20", reserve="900000", totale_baten="12000000")
    services.normbedragen_opslaan(w.directeur, [{**GOED, "bedrag": "200.00"}])
    services.leerlingtelling_opslaan(w.directeur, jaar=2026, bo=1000, sbo=30, bron="DUO 1-2-2025")
    return w


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

def test_instellingen_opslaan_met_komma_en_euroteken(s):
    inst = services.instellingen_opslaan(s.directeur, apparaat_procent="7,5", vaste_voet_per_school="€ 2500",
                                         hybride_school_procent="40", hybride_leerling_procent="35,5",
                                         hybride_expertise_procent="24,5", prognose_jaren="5", gekozen_model="hybride")
    inst.refresh_from_db()
    assert inst.apparaat_procent == D("7.5") and inst.vaste_voet_per_school == D("2500")
    assert (inst.hybride_school_procent, inst.hybride_leerling_procent, inst.hybride_expertise_procent) == (
        D("40"), D("35.5"), D("24.5"))
    assert (inst.prognose_jaren, inst.gekozen_model) == (5, "hybride")
    assert Middeleninstellingen.objects.filter(swv=s.swv).count() == 1
    assert AuditEvent.objects.filter(object_type="middelen.middeleninstellingen", actie="update").exists()


def test_reserve_en_baten_mogen_leeg(s):
    inst = services.instellingen_opslaan(s.directeur, reserve="", totale_baten=None)
    assert inst.reserve is None and inst.totale_baten is None


@pytest.mark.parametrize("delen", [("50", "25", "20"), ("50", "30", "25"), ("0", "0", "0"), ("100", "0", "0.01")])
def test_hybride_delen_die_niet_optellen_tot_100_veranderen_niets(s, delen):
    voor = _alles(s)
    with pytest.raises(ValidationError) as e:
        services.instellingen_opslaan(s.directeur, hybride_school_procent=delen[0], hybride_leerling_procent=delen[1],
                                      hybride_expertise_procent=delen[2], apparaat_procent="9")
    assert "100 %" in e.value.message_dict["hybride_school_procent"][0]
    assert _alles(s) == voor


def test_een_deel_wijzigen_zonder_de_andere_moet_ook_optellen(s):
    voor = _alles(s)
    with pytest.raises(ValidationError, match="tellen op tot 70"):
        services.instellingen_opslaan(s.directeur, hybride_school_procent="30")  # 30 + 20 + 20
    assert _alles(s) == voor


SLECHT = [
    ("apparaat_procent", "veel", "Vul een getal in"),
    ("apparaat_procent", "101", "tussen 0 en 100"),
    ("apparaat_procent", "-0,01", "tussen 0 en 100"),
    ("apparaat_procent", "NaN", "Vul een getal in"),
    ("apparaat_procent", "12,345", "komma"),  # more decimals than the field holds
    ("signalering_procent", "Infinity", "Vul een getal in"),
    ("vangnet_drempel_procent", "", "Vul een getal in"),
    ("vaste_voet_per_school", "-5", "negatief"),
    ("vaste_voet_per_school", "1e12", "te groot"),
    ("signalering_minimum", "twee ton", "Vul een getal in"),
    ("reserve", "-1", "negatief"),
    ("totale_baten", "sNaN", "Vul een getal in"),
    ("groei_leerlingen_procent", "60", "-50 en 50"),
    ("groei_tlv_procent", "-51", "-50 en 50"),
    ("indexatie_procent", "abc", "Vul een getal in"),
    ("vangnet_factor", "1,5", "tussen 0 en 1"),
    ("vangnet_factor", "-0.1", "tussen 0 en 1"),
    ("prognose_jaren", "2", "3 tot 5"),
    ("prognose_jaren", "6", "3 tot 5"),
    ("prognose_jaren", "vier", "aantal jaren"),
    ("gekozen_model", "lotto", "verdeelmodel"),
]


@pytest.mark.parametrize(("veld", "waarde", "tekst"), SLECHT, ids=[f"{v}={w!r}" for v, w, _ in SLECHT])
def test_slecht_getal_per_veld_verandert_niets(s, veld, waarde, tekst):
    voor = _alles(s)
    with pytest.raises(ValidationError) as e:
        # A good change alongside: it must not be saved either.
        services.instellingen_opslaan(s.directeur, **{"gekozen_model": "expertise", "reserve": "1", veld: waarde})
    fouten = e.value.message_dict
    assert veld in fouten, fouten
    assert tekst.lower() in " ".join(fouten[veld]).lower(), fouten
    assert _alles(s) == voor


def test_meerdere_fouten_tegelijk_per_veld(s):
    with pytest.raises(ValidationError) as e:
        services.instellingen_opslaan(s.directeur, apparaat_procent="x", vangnet_factor="2", prognose_jaren="9")
    assert set(e.value.message_dict) == {"apparaat_procent", "vangnet_factor", "prognose_jaren"}


def test_onbekend_veld_wordt_geweigerd(s):
    voor = _alles(s)
    with pytest.raises(ValidationError, match="Onbekende velden: swv"):
        services.instellingen_opslaan(s.directeur, swv=s.ander_swv, apparaat_procent="1")
    assert _alles(s) == voor


# ------------------------------------------------------------------------------------------------------------
# Rates
# ------------------------------------------------------------------------------------------------------------

def test_normbedragen_opslaan_als_eigen_rijen(s):
    n = services.normbedragen_opslaan(s.directeur, [
        GOED, {**GOED, "component": "zwaar", "bedrag": "418.27"},
        {"jaar": 2015, "sector": "po", "component": "licht", "bedrag": "160", "bron": "Eigen correctie",
         "periode": "2015-2016"}])
    assert n == 3
    eigen = {(r.jaar, r.component): r for r in Normbedrag.objects.filter(swv=s.swv)}
    assert eigen[(2026, "licht")].bedrag == D("205.48")  # replaced the 200,00 of the fixture
    assert eigen[(2026, "zwaar")].bedrag == D("418.27") and eigen[(2026, "zwaar")].periode == "2026"
    assert eigen[(2015, "licht")].bedrag == D("160.00") and eigen[(2015, "licht")].periode == "2015-2016"
    assert eigen[(2015, "licht")].ingevoerd_door == s.directeur.user
    # The official row is untouched: the SWV's own row stands beside it.
    assert Normbedrag.objects.get(jaar=2015, sector="PO", component="licht", swv=None).bedrag == D("156.61")


@pytest.mark.parametrize(("fout", "tekst"), [
    ({"component": "extra"}, "onbekend onderdeel 'extra'"),
    ({"sector": "MBO"}, "PO of VO"),
    ({"jaar": "twintig"}, "jaar ontbreekt"),
    ({"jaar": "2013"}, "buiten 2014-2100"),
    ({"bedrag": "-1"}, "bedrag"),
    ({"bedrag": "veel"}, "bedrag"),
    ({"bedrag": "NaN"}, "bedrag"),
    ({"bedrag": "100000000"}, "bedrag"),
    ({"bron": "  "}, "bron"),
])
def test_import_met_een_slechte_regel_bewaart_niets(s, fout, tekst):
    voor = _alles(s)
    rijen = [{**GOED, "component": "zwaar"}, {**GOED, **fout}, {**GOED, "component": "sbo"}]
    with pytest.raises(ValidationError) as e:
        services.normbedragen_opslaan(s.directeur, rijen)
    [melding] = e.value.messages
    assert melding.startswith("Regel 2:") and tekst in melding
    assert _alles(s) == voor


def test_import_noemt_elke_slechte_regel(s):
    rijen = [{**GOED, "sector": "XX"}, GOED, {**GOED, "component": "zwaar", "bron": ""}]
    with pytest.raises(ValidationError) as e:
        services.normbedragen_opslaan(s.directeur, rijen)
    assert [m.split(":")[0] for m in e.value.messages] == ["Regel 1", "Regel 3"]


def test_import_dubbele_of_geen_regels(s):
    voor = _alles(s)
    with pytest.raises(ValidationError, match="meer dan eens"):
        services.normbedragen_opslaan(s.directeur, [GOED, {**GOED, "bedrag": "1"}])
    with pytest.raises(ValidationError, match="geen bedragen"):
        services.normbedragen_opslaan(s.directeur, [])
    assert _alles(s) == voor


CSV = (b"jaar;sector;component;bedrag;bron\n"
       b"2026;PO;licht;205,48;Regeling bekostiging 2026\n"
       b"2026;PO;zwaar;418,27;Regeling bekostiging 2026\n")


def test_csv_en_excel_lezen(s):
    rijen = services.normbedragen_lezen(CSV, "bedragen.csv")
    assert [(r["component"], r["bedrag"]) for r in rijen] == [("licht", "205,48"), ("zwaar", "418,27")]
    assert services.normbedragen_lezen(CSV.decode().replace(";", ",").replace("205,48", "205.48")
                                       .replace("418,27", "418.27").encode(), "B.CSV")[1]["bedrag"] == "418.27"
    wb = Workbook()
    ws = wb.active
    ws.append(["Jaar", "Sector", "Component", "Bedrag", "Bron", "Periode"])
    ws.append([2026, "PO", "sbo", 6800.5, "Eigen", "2026"])
    ws.append([None, None, None, None, None, None])  # an empty row is skipped
    buf = io.BytesIO()
    wb.save(buf)
    rijen = services.normbedragen_lezen(buf.getvalue(), "bedragen.xlsx")
    assert rijen == [{"jaar": 2026, "sector": "PO", "component": "sbo", "bedrag": 6800.5, "bron": "Eigen",
                      "periode": "2026"}]
    assert services.normbedragen_opslaan(s.directeur, rijen) == 1
    assert Normbedrag.objects.get(swv=s.swv, component="sbo").bedrag == D("6800.50")


@pytest.mark.parametrize(("inhoud", "naam", "tekst"), [
    (CSV, "bedragen.pdf", "CSV- of Excel-bestand"),
    (CSV, "bedragen", "CSV- of Excel-bestand"),
    (CSV, "bedragen.xls", "CSV- of Excel-bestand"),
    (b"PK\x03\x04 geen echt werkboek", "bedragen.xlsx", "kan niet worden gelezen"),
    ("jaar;sector;component;bedrag;bron\n2026;PO;licht;1;Café".encode("latin-1"), "bedragen.csv", "UTF-8"),
    (b"\n;;;\n", "bedragen.csv", "leeg"),
    (b"jaar;sector;component\n2026;PO;licht\n", "bedragen.csv", "bedrag, bron"),
    (b"year;sector;component;amount;source\n2026;PO;licht;1;x\n", "bedragen.csv", "jaar, bedrag, bron"),
])
def test_bestand_dat_niet_kan_wordt_geweigerd(s, inhoud, naam, tekst):
    voor = _alles(s)
    with pytest.raises(ValidationError) as e:
        services.normbedragen_lezen(inhoud, naam)
    assert tekst in e.value.messages[0]
    assert _alles(s) == voor


# ------------------------------------------------------------------------------------------------------------
# Official count
# ------------------------------------------------------------------------------------------------------------

def test_leerlingtelling_opslaan_en_bijwerken(s):
    t = services.leerlingtelling_opslaan(s.directeur, jaar="2026", bo="1100", sbo="35", schoolgewichten="12",
                                         bron=" DUO, telling 1-2-2025 ")
    assert (t.bo, t.sbo, t.schoolgewichten, t.bron) == (1100, 35, 12, "DUO, telling 1-2-2025")
    assert Leerlingtelling.objects.filter(swv=s.swv, jaar=2026).count() == 1


@pytest.mark.parametrize(("velden", "veld"), [
    ({"bo": "-1"}, "bo"), ({"sbo": "veel"}, "sbo"), ({"vo": "1,5"}, "vo"), ({"jaar": "2013"}, "jaar"),
    ({"jaar": "x"}, "jaar"), ({"schoolgewichten": "-3"}, "schoolgewichten"),
])
def test_leerlingtelling_fout_verandert_niets(s, velden, veld):
    voor = _alles(s)
    with pytest.raises(ValidationError) as e:
        services.leerlingtelling_opslaan(s.directeur, **{"jaar": 2026, "bo": 5, **velden})
    assert veld in e.value.message_dict
    assert _alles(s) == voor


# ------------------------------------------------------------------------------------------------------------
# Permissions
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("naam", ALLE_ROLLEN)
def test_alleen_directeur_en_beheerder_wijzigen(s, naam):
    rol = getattr(s, naam)
    voor = _alles(s)
    pogingen = [
        lambda: services.instellingen_opslaan(rol, apparaat_procent="1"),
        lambda: services.normbedragen_opslaan(rol, [{**GOED, "component": "smw"}]),
        lambda: services.leerlingtelling_opslaan(rol, jaar=2027, bo=1),
    ]
    if naam in ("directeur", "beheerder"):
        for p in pogingen:
            p()
        assert _instellingen(s.swv)["apparaat_procent"] == D("1")
        assert Normbedrag.objects.filter(swv=s.swv, component="smw").exists()
        assert Leerlingtelling.objects.filter(swv=s.swv, jaar=2027).exists()
        return
    for p in pogingen:
        with pytest.raises(PermissionDenied):
            p()
    assert _alles(s) == voor


def test_geen_of_inactieve_rol_wijzigt_niets(s):
    voor = _alles(s)
    s.directeur.actief = False
    s.directeur.save()
    for rol in (None, s.directeur):
        with pytest.raises(PermissionDenied):
            services.instellingen_opslaan(rol, apparaat_procent="1")
        with pytest.raises(PermissionDenied):
            services.normbedragen_opslaan(rol, [GOED])
        with pytest.raises(PermissionDenied):
            services.leerlingtelling_opslaan(rol, jaar=2027, bo=1)
    assert _alles(s) == voor


def test_directeur_van_een_ander_swv_raakt_dit_swv_niet(s):
    from tests.factories import RolFactory, UserFactory

    ander = RolFactory(rol="swv_directeur", swv=s.ander_swv, user=UserFactory(username="directeur-buren"))
    voor = (_instellingen(s.swv), _eigen(s.swv))
    services.instellingen_opslaan(ander, apparaat_procent="12")
    services.normbedragen_opslaan(ander, [{**GOED, "bedrag": "1.00"}])
    assert (_instellingen(s.swv), _eigen(s.swv)) == voor
    assert _instellingen(s.ander_swv)["apparaat_procent"] == D("12")
    assert _eigen(s.ander_swv)[0][3] == D("1.00")
