"""Every rule Passend applies links to the knowledge article that explains it (issue 9): every public function of
every regels.py is mapped in passend.steunpunt.uitleg.REGELS, every mapped article exists with a valid front
matter, and the pages that show a rule's outcome carry the link."""

import importlib
import inspect
import logging
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse

from passend.accounts.models import Rol
from passend.steunpunt import uitleg
from passend.steunpunt.uitleg import REGELS, THEMA_ARTIKEL, artikel_voor, lees_voorkant, titel_van
from tests.factories import RolFactory, SamenwerkingsverbandFactory, SchoolFactory, UserFactory
from tests.toewijzing.conftest import _media, w  # noqa: F401  (the small world of the toewijzing tests)

PASSEND = Path(uitleg.__file__).resolve().parents[1]
# Every app's regels.py, the Steunpunt's own (suppression, helpdesk times) included.
REGELMODULES = sorted(f"passend.{p.parent.name}.regels" for p in PASSEND.glob("*/regels.py"))
ARTIKELEN = sorted((uitleg.KENNIS_MAP).glob("*.md"))


def publieke_regels(modulenaam: str) -> set[str]:
    """Dotted paths of the public functions defined in the module itself (also through a decorator such as
    @cache; not imported ones, not classes)."""
    module = importlib.import_module(modulenaam)
    uit = set()
    for naam, obj in vars(module).items():
        if naam.startswith("_") or inspect.isclass(obj) or not callable(obj):
            continue
        functie = inspect.unwrap(obj)
        if inspect.isfunction(functie) and functie.__module__ == modulenaam:
            uit.add(f"{modulenaam}.{naam}")
    return uit


def test_de_regelmodules_van_alle_apps_worden_gevonden():
    assert {"passend.middelen.regels", "passend.netwerk.regels", "passend.opp.regels", "passend.ouders.regels",
            "passend.thuiszitters.regels", "passend.toewijzing.regels", "passend.vervoer.regels",
            "passend.zorgplicht.regels"} <= set(REGELMODULES)


@pytest.mark.parametrize("modulenaam", REGELMODULES)
def test_elke_publieke_regel_heeft_een_uitleg(modulenaam):
    regels = publieke_regels(modulenaam)
    assert regels, f"{modulenaam} heeft geen publieke functies?"
    ontbreekt = sorted(regels - REGELS.keys())
    assert not ontbreekt, f"Voeg deze regels toe aan passend/steunpunt/uitleg.py REGELS: {ontbreekt}"


def test_uitleg_noemt_geen_regels_die_niet_bestaan():
    bestaand = set().union(*(publieke_regels(m) for m in REGELMODULES))
    assert sorted(REGELS.keys() - bestaand) == []


def test_de_gecachete_feestdagen_tellen_ook_als_regel():
    assert "passend.toewijzing.regels.feestdagen" in publieke_regels("passend.toewijzing.regels")


def test_elk_artikel_uit_uitleg_bestaat_als_bestand():
    for slug in {*REGELS.values(), *THEMA_ARTIKEL.values()}:
        assert (uitleg.KENNIS_MAP / f"{slug}.md").is_file(), slug
        assert titel_van(slug)


def test_korte_sleutels_per_module():
    for sleutel in ("zorgplicht", "opp", "tlv", "thuiszitters", "bekostiging", "dekkend-netwerk",
                    "leerlingenvervoer", "ouders"):
        assert artikel_voor(sleutel) == THEMA_ARTIKEL[sleutel]


def test_artikel_voor():
    assert artikel_voor("passend.zorgplicht.regels.beslis_uiterlijk") == "zorgplicht"
    assert artikel_voor("passend.toewijzing.regels.bezwaartermijn_einde") == "bezwaar-tegen-een-tlv-besluit"
    assert artikel_voor("opp") == "ontwikkelingsperspectief"
    assert artikel_voor("instemmen-met-het-opp") == "instemmen-met-het-opp"  # an article's own slug
    assert artikel_voor("passend.zorgplicht.regels.bestaat_niet") is None
    assert artikel_voor("../settings") is None
    assert artikel_voor("") is None


def test_kennisbank_heeft_14_tot_25_items_met_twee_praktijkvoorbeelden_en_vier_faqs():
    soorten = [lees_voorkant(p)["soort"] for p in ARTIKELEN]
    assert 14 <= len(soorten) <= 25
    assert soorten.count("praktijkvoorbeeld") == 2
    assert soorten.count("faq") == 4


def _woorden(tekst: str) -> int:
    return len(re.findall(r"\w[\w\-'.,]*", re.sub(r"\]\([^)]*\)", "]", tekst)))


@pytest.mark.parametrize("pad", ARTIKELEN, ids=lambda p: p.stem)
def test_voorkant_en_tekst_van_elk_artikel(pad):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pad.stem), "slug: kleine letters en koppeltekens"
    v = lees_voorkant(pad)
    assert set(v) == {"titel", "soort", "themas", "sectoren", "doelgroepen", "samenvatting", "bronnen", "tekst"}
    assert v["soort"] in uitleg.SOORTEN
    assert v["themas"] and set(v["themas"]) <= set(uitleg.THEMAS)
    assert v["sectoren"] and set(v["sectoren"]) <= set(uitleg.SECTOREN)
    assert v["doelgroepen"] and set(v["doelgroepen"]) <= set(uitleg.DOELGROEPEN)
    assert len(v["titel"]) <= 200 and len(v["samenvatting"]) <= 400
    assert v["bronnen"] and all(re.fullmatch(r"https?://\S+", b) for b in v["bronnen"])
    assert 150 <= _woorden(v["tekst"]) <= 450
    assert "<" not in re.sub(r"&lt;|\"<5\"|<5", "", v["tekst"]), "geen ruwe HTML in de tekst"
    assert "\n---" not in v["tekst"]
    if v["soort"] == "faq":
        assert v["titel"].endswith("?")
    if v["soort"] == "praktijkvoorbeeld":
        assert "fictief voorbeeld" in v["tekst"].lower()


def test_lees_voorkant_weigert_een_onbekende_waarde(tmp_path):
    goed = (uitleg.KENNIS_MAP / "zorgplicht.md").read_text(encoding="utf-8")
    pad = tmp_path / "fout.md"
    pad.write_text(goed.replace("themas: zorgplicht", "themas: zorgplicht, onzin"), encoding="utf-8")
    with pytest.raises(ValueError, match="onzin"):
        lees_voorkant(pad)
    pad.write_text(goed.replace("bronnen:", "bron:"), encoding="utf-8")
    with pytest.raises(ValueError, match="bron"):
        lees_voorkant(pad)
    pad.write_text(goed.split("---\n", 2)[2], encoding="utf-8")
    with pytest.raises(ValueError, match="voorkant"):
        lees_voorkant(pad)


# ------------------------------------------------------------------------------------------------------------
# The template tag
# ------------------------------------------------------------------------------------------------------------


def render(sleutel: str) -> str:
    return Template('{% load kennis %}{% uitleg sleutel %}').render(Context({"sleutel": sleutel}))


def test_tag_geeft_een_link_met_de_titel_van_het_artikel():
    html = render("passend.zorgplicht.regels.beslis_uiterlijk")
    href = reverse("steunpunt:artikel", args=["zorgplicht"])
    assert html == f'<a class="uitleg" href="{href}">Uitleg: De zorgplicht: binnen zes weken een passende plek</a>'
    assert 'href="/steunpunt/kennisbank/ontwikkelingsperspectief/"' in render("opp")


def test_tag_met_een_onbekende_sleutel_toont_niets_en_waarschuwt(caplog):
    with caplog.at_level(logging.WARNING, logger="passend.steunpunt.templatetags.kennis"):
        assert render("passend.zorgplicht.regels.bestaat_niet") == ""
    assert "passend.zorgplicht.regels.bestaat_niet" in caplog.text


# ------------------------------------------------------------------------------------------------------------
# The pages that show a rule's outcome
# ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def school_rol(db):
    swv = SamenwerkingsverbandFactory(code="PO2797")
    school = SchoolFactory(vestigingscode="27CC01", naam="De Wilgenhoek", regio_swv_po=swv)
    return RolFactory(rol=Rol.SCHOOL, swv=swv, scholen=[school], user=UserFactory(username="ib-wilgenhoek"))


def test_werklijst_aanmeldingen_linkt_naar_het_artikel_over_de_zorgplicht(login, school_rol):
    resp = login(school_rol).get(reverse("zorgplicht:lijst"))
    assert resp.status_code == 200
    href = reverse("steunpunt:artikel", args=["zorgplicht"])
    assert f'<a class="uitleg" href="{href}">Uitleg: De zorgplicht: binnen zes weken een passende plek</a>' in (
        resp.content.decode())


def test_de_link_op_de_werklijst_opent_het_artikel_zonder_inloggen(login, school_rol, client):
    html = login(school_rol).get(reverse("zorgplicht:lijst")).content.decode()
    href = re.search(r'<a class="uitleg" href="([^"]+)"', html).group(1)
    client.logout()
    resp = client.get(href)
    assert resp.status_code == 200
    assert "De zorgplicht: binnen zes weken een passende plek" in resp.content.decode()


@pytest.mark.parametrize(("url", "wie", "slug"), [
    ("opp:lijst", "school", "ontwikkelingsperspectief"),
    ("toewijzing:werkvoorraad", "consulent", "arrangementen-en-ondersteuningstoewijzing"),
    ("thuiszitters:lijst", "consulent", "thuiszitters"),
    ("thuiszitters:dashboard", "consulent", "thuiszitters"),
    ("netwerk:dekking", "consulent", "dekkend-netwerk"),
])
def test_andere_werklijsten_linken_naar_hun_artikel(login, w, url, wie, slug):  # noqa: F811
    resp = login(getattr(w, wie)).get(reverse(url))
    assert resp.status_code == 200
    href = reverse("steunpunt:artikel", args=[slug])
    assert f'<a class="uitleg" href="{href}">Uitleg: {titel_van(slug)}</a>' in resp.content.decode()
