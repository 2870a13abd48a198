"""The pupil's own view on the OPP (hoorrecht) on the OPP page: the pupil writes it, the school and the SWV read
it, parents do not; empty or too long views are refused in Dutch with the text kept; nobody else can post one.
And the OPP pages as the pupil's own account sees them: no concept, no parents' consent."""

import datetime as dt

import pytest
from django.urls import reverse

from passend.accounts.models import Rol
from passend.opp import pdf, services
from passend.opp.models import Mening
from tests.factories import RolFactory, UserFactory

VANDAAG = dt.date.today()

INHOUD = {
    "uitstroombestemming": "vmbo_kb",
    "onderbouwing": "Rekent en leest op het niveau van eind groep 6; de toetsen laten groei zien.",
    "belemmerende_factoren": "Snel afgeleid in een drukke klas.",
    "bevorderende_factoren": "Sterk in praktische opdrachten.",
    "ondersteuning": "Twee keer per week rekenbegeleiding in een klein groepje.",
    "afwijkingen": "",
    "doelen": "Beheerst breuken en procenten op niveau 1F.",
    "zienswijze_leerling": "Vindt het fijn om in een klein groepje te werken.",
    "oogo_verslag": "Ouders herkennen het beeld.",
}
CONCEPTTEKST = "Nieuwe doelen die de school nog bespreekt met de ouders."


def vastgesteld_opp(w, leerling=None, rol=None, school=None):
    """An OPP with version 1 set yesterday."""
    rol = rol or w.school
    o = services.opp_aanmaken(rol, leerling=leerling or w.leerling, school=school or w.school_a,
                              aanleiding="extra_ondersteuning", aanleiding_datum=VANDAAG - dt.timedelta(days=10))
    v = o.versies.get()
    gisteren = VANDAAG - dt.timedelta(days=1)
    services.versie_bijwerken(rol, v, **INHOUD, oogo_op=gisteren)
    services.vaststellen(rol, v, datum=gisteren)
    return o


@pytest.fixture
def o(w):
    return vastgesteld_opp(w)


def url(o, naam="detail"):
    return reverse(f"opp:{naam}", args=[o.pk])


def html(r) -> str:
    return r.content.decode()


def test_leerling_geeft_mening_school_en_swv_lezen_hem_ouder_niet(w, o, login):
    c = login(w.leerling_zelf)
    pagina = html(c.get(url(o)))
    assert 'id="mening"' in pagina and "Jouw mening over je plan" in pagina
    assert "De school leest wat je hier schrijft." in pagina
    assert f'action="{url(o, "mening")}"' in pagina and 'name="tekst"' in pagina

    r = c.post(url(o, "mening"), {"tekst": "Ik wil in mijn eigen klas blijven.\nHet groepje helpt wel."})
    assert r.status_code == 302 and r["Location"] == url(o)
    pagina = html(c.get(url(o)))
    assert "Je mening is naar de school gestuurd." in pagina
    assert "Wat je eerder schreef" in pagina
    assert "Ik wil in mijn eigen klas blijven.<br>Het groepje helpt wel." in pagina
    assert VANDAAG.strftime("%d-%m-%Y") in pagina
    m = Mening.objects.get()
    assert m.opp == o and m.user == w.leerling_zelf.user and m.versie.nummer == 1

    for staf in (w.school, w.consulent, w.directeur):
        pagina = html(login(staf).get(url(o)))
        assert "Mening van de leerling (zelf ingevuld)" in pagina, staf
        assert "Ik wil in mijn eigen klas blijven." in pagina and "Versie 1" in pagina
        assert "zienswijze van de leerling in de volgende versie" in pagina
        assert 'id="mening"' not in pagina  # no form for the school

    r = login(w.ouder).get(url(o))
    assert r.status_code == 200
    pagina = html(r)
    assert "Ik wil in mijn eigen klas blijven." not in pagina
    assert "Mening van de leerling" not in pagina and "Jouw mening" not in pagina


def test_school_ziet_nog_geen_mening_en_de_link_naar_het_concept(w, o, login):
    pagina = html(login(w.school).get(url(o)))
    # The pupil has an own account in this world: the school sees there is no view yet.
    assert "Mening van de leerling (zelf ingevuld)" in pagina and "nog geen mening gegeven" in pagina

    services.mening_geven(w.leerling_zelf, o, tekst="Meer tijd voor de toets graag.")
    concept = services.nieuwe_versie(w.school, o)
    pagina = html(login(w.school).get(url(o)))
    assert f'href="{reverse("opp:versie_bewerken", args=[concept.pk])}">Neem de mening op in versie 2' in pagina


def test_geen_kop_zonder_meningen_en_zonder_leerlingaccount(w, login):
    o = vastgesteld_opp(w, leerling=w.leerling_b, rol=w.andere_school, school=w.school_b)
    pagina = html(login(w.andere_school).get(url(o)))
    assert "Mening van de leerling" not in pagina


def test_lege_mening_geeft_nederlandse_fout_en_slaat_niets_op(w, o, login):
    c = login(w.leerling_zelf)
    r = c.post(url(o, "mening"), {"tekst": "   "})
    assert r.status_code == 200
    pagina = html(r)
    assert "Schrijf je mening op voordat je hem verstuurt." in pagina and "Er is niets opgeslagen." in pagina
    assert not Mening.objects.exists()


def test_te_lange_mening_houdt_de_tekst_vast(w, o, login):
    te_lang = "Ik vind het plan goed maar " + "heel " * 1200
    r = login(w.leerling_zelf).post(url(o, "mening"), {"tekst": te_lang})
    assert r.status_code == 200
    pagina = html(r)
    assert "Je mening is te lang: maximaal 5000 tekens." in pagina
    assert te_lang.strip() in pagina  # what was typed is still in the text box
    assert not Mening.objects.exists()


def test_afgesloten_opp_geen_formulier_en_post_geweigerd(w, o, login):
    services.mening_geven(w.leerling_zelf, o, tekst="Eerder geschreven.")
    services.opp_beeindigen(w.school, o)
    c = login(w.leerling_zelf)
    pagina = html(c.get(url(o)))
    assert "Je plan is afgesloten" in pagina and 'name="tekst"' not in pagina
    assert "Eerder geschreven." in pagina
    r = c.post(url(o, "mening"), {"tekst": "Nog iets."})
    assert r.status_code == 200 and "Dit OPP is afgesloten." in html(r) and "Nog iets." in html(r)
    assert Mening.objects.count() == 1


def test_alleen_de_leerling_zelf_kan_een_mening_sturen(w, o, login):
    andere_leerling = RolFactory(rol=Rol.LEERLING, swv=w.swv, user=UserFactory(username="leerling-bakker"))
    w.leerling_b.user = andere_leerling.user
    w.leerling_b.save()
    for rol in (andere_leerling, w.ouder, w.school, w.andere_school, w.consulent, w.andere_staf):
        r = login(rol).post(url(o, "mening"), {"tekst": "Namens de leerling."})
        assert r.status_code == 403, rol
    assert not Mening.objects.exists()
    assert login(w.leerling_zelf).get(url(o, "mening")).status_code == 405  # POST only


def test_leerling_leest_het_opp_zonder_concept_en_zonder_instemming(w, o, login, monkeypatch):
    v1 = o.versies.get()
    services.instemming_geven(w.ouder, v1, besluit="geen_instemming", toelichting="Wij willen eerst een gesprek.")
    concept = services.nieuwe_versie(w.school, o)
    services.versie_bijwerken(w.school, concept, **{**INHOUD, "doelen": CONCEPTTEKST})
    c = login(w.leerling_zelf)

    r = c.get(url(o))
    assert r.status_code == 200
    pagina = html(r)
    assert "Dit is je ontwikkelingsperspectief (OPP)." in pagina
    assert "Geldende versie: versie 1" in pagina
    assert "(concept)" not in pagina and reverse("opp:versie", args=[concept.pk]) not in pagina
    assert "Instemming van de ouders" not in pagina and "Wij willen eerst een gesprek." not in pagina
    assert reverse("opp:instemmen", args=[v1.pk]) not in pagina
    assert reverse("ouders:leerling") in pagina  # the breadcrumb leads to the pupil's own overview

    r = c.get(reverse("opp:versie", args=[v1.pk]))
    assert r.status_code == 200
    pagina = html(r)
    assert "Instemming van de ouders" not in pagina and "Geen ouder met gezag" not in pagina
    assert reverse("opp:instemmen", args=[v1.pk]) not in pagina
    assert c.get(reverse("opp:versie", args=[concept.pk])).status_code == 403
    assert c.get(reverse("opp:versie_pdf", args=[concept.pk])).status_code == 403
    # Comparing with the concept would show its text: refused.
    r = c.get(reverse("opp:vergelijk", args=[v1.pk]), {"met": concept.pk})
    assert r.status_code == 403 and CONCEPTTEKST not in html(r)

    r = c.get(reverse("opp:versie_pdf", args=[v1.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    # The PDF is made from HTML: read that HTML to see what the pupil's PDF holds.
    monkeypatch.setattr(pdf, "html_naar_pdf", lambda h: h.encode())
    leerling_pdf = c.get(reverse("opp:versie_pdf", args=[v1.pk])).content.decode()
    assert "Instemming van de ouders" not in leerling_pdf and "Ik stem niet in" not in leerling_pdf
    assert INHOUD["doelen"] in leerling_pdf
    ouder_pdf = login(w.ouder).get(reverse("opp:versie_pdf", args=[v1.pk])).content.decode()
    assert "Instemming van de ouders" in ouder_pdf and "Ik stem niet in" in ouder_pdf


def test_ouder_ziet_het_concept_ook_niet(w, o, login):
    concept = services.nieuwe_versie(w.school, o)
    services.versie_bijwerken(w.school, concept, **{**INHOUD, "doelen": CONCEPTTEKST})
    c = login(w.ouder)
    pagina = html(c.get(url(o)))
    assert "(concept)" not in pagina and reverse("opp:versie", args=[concept.pk]) not in pagina
    assert "Instemming van de ouders" in pagina  # the parent still sees the consent
    r = c.get(reverse("opp:vergelijk", args=[o.versies.get(nummer=1).pk]), {"met": concept.pk})
    assert r.status_code == 403 and CONCEPTTEKST not in html(r)
    # The school still sees and compares its concept.
    s = login(w.school)
    assert "Versie 2 (concept)" in html(s.get(url(o)))
    r = s.get(reverse("opp:vergelijk", args=[o.versies.get(nummer=1).pk]), {"met": concept.pk})
    assert r.status_code == 200 and CONCEPTTEKST in html(r)
