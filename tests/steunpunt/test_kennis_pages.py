"""The public knowledge base and its editors: search and filters without login, safe article text, drafts only
for the Steunpunt, publishing, PDF upload and documents, and who may reach the editor pages."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from passend.accounts.models import Rol
from passend.steunpunt.models import Activiteit, Artikel, Thema
from tests.factories import RolFactory
from tests.html import Tabel

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def steunpunt():
    return RolFactory(rol=Rol.STEUNPUNT, swv=None)


@pytest.fixture
def anoniem():
    return Client()


def artikel(titel, *, tekst="Tekst.", status=Artikel.Status.GEPUBLICEERD, soort=Artikel.Soort.ARTIKEL,
            themas=(), sectoren="", doelgroepen="", slug=None, **velden):
    a = Artikel.objects.create(
        slug=slug or titel.lower().replace(" ", "-"), titel=titel, tekst=tekst, status=status, soort=soort,
        sectoren=sectoren, doelgroepen=doelgroepen,
        gepubliceerd_op=timezone.localdate() if status == Artikel.Status.GEPUBLICEERD else None, **velden)
    a.themas.set([Thema.objects.get(slug=t) for t in themas])
    return a


def titels(response) -> list[str]:
    html = response.content.decode()
    return [a.titel for a in Artikel.objects.all() if f">{a.titel}</a>" in html]


def test_anonymous_search_finds_a_published_article_by_a_word_in_its_text_but_not_a_draft(anoniem):
    artikel("Samen naar de zwemles", tekst="Over het Zeepbellenprotocol in de onderbouw.")
    artikel("Concept over bellen", tekst="Ook het zeepbellenprotocol, maar nog niet klaar.",
            status=Artikel.Status.CONCEPT)
    artikel("Iets anders", tekst="Niets met bellen.")

    response = anoniem.get(reverse("steunpunt:artikelen"), {"q": "ZEEPBELLENPROTOCOL onderbouw"})

    assert response.status_code == 200
    assert titels(response) == ["Samen naar de zwemles"]
    assert "1 artikel met ‘ZEEPBELLENPROTOCOL onderbouw’" in response.content.decode()


def test_every_word_must_occur_and_title_matches_come_first(anoniem):
    artikel("Een tekst over de vrijstelling", slug="tekst", tekst="Gaat over het kwartetspel.")
    artikel("Kwartetspel en vrijstelling", slug="titel", tekst="Inhoud.")
    artikel("Alleen kwartetspel", slug="half", tekst="Geen ander woord.")

    response = anoniem.get(reverse("steunpunt:artikelen"), {"q": "kwartetspel vrijstelling"})

    html = response.content.decode()
    assert sorted(titels(response)) == ["Een tekst over de vrijstelling", "Kwartetspel en vrijstelling"]
    assert html.index(">Kwartetspel en vrijstelling<") < html.index(">Een tekst over de vrijstelling<")
    assert ">Alleen kwartetspel<" not in html


def test_filters_on_kind_theme_sector_and_audience(anoniem):
    artikel("Filterproef document", soort=Artikel.Soort.FAQ, themas=["opp"], sectoren=",vo,",
            doelgroepen=",ouders,", tekst="filterproef")
    artikel("Filterproef artikel", themas=["tlv"], sectoren=",po,", doelgroepen=",scholen,", tekst="filterproef")
    url = reverse("steunpunt:artikelen")

    def gevonden(**filters):
        html = anoniem.get(url, {"q": "filterproef", **filters}).content.decode()
        return [t for t in ("Filterproef document", "Filterproef artikel") if f">{t}</a>" in html]

    assert gevonden() == ["Filterproef document", "Filterproef artikel"]
    assert gevonden(soort="faq") == ["Filterproef document"]
    assert gevonden(thema="tlv") == ["Filterproef artikel"]
    assert gevonden(sector="vo") == ["Filterproef document"]
    assert gevonden(doelgroep="scholen") == ["Filterproef artikel"]
    assert gevonden(sector="po", doelgroep="ouders") == []
    # An unknown filter value is ignored rather than an error page.
    assert anoniem.get(url, {"thema": "bestaat-niet"}).status_code == 200


def test_article_page_renders_markdown_and_removes_scripts(anoniem):
    artikel("Veilige tekst", tekst=(
        "## Kopje in het artikel\n\nEen alinea met **nadruk** en [een link](https://www.example.org/x).\n\n"
        "<script>alert('gehackt')</script>\n\n"
        '<a href="javascript:alert(1)" onclick="steel()">klik hier</a>\n\n<img src=x onerror="steel()">\n'
    ), bronnen="https://wetten.overheid.nl/BWBR0003420")

    response = anoniem.get(reverse("steunpunt:artikel", args=["veilige-tekst"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Kopje in het artikel</h2>" in html
    assert "<strong>nadruk</strong>" in html
    assert 'href="https://www.example.org/x"' in html
    assert "alert('gehackt')" not in html and "<script>alert" not in html
    assert "javascript:" not in html
    assert "onclick" not in html and "onerror" not in html and "steel()" not in html
    assert 'href="https://wetten.overheid.nl/BWBR0003420"' in html


def test_draft_is_not_found_for_the_public_or_a_school_and_marked_for_the_steunpunt(anoniem, login, steunpunt):
    artikel("Nog geheim concept", status=Artikel.Status.CONCEPT)
    url = reverse("steunpunt:artikel", args=["nog-geheim-concept"])

    assert anoniem.get(url).status_code == 404
    school = RolFactory(rol=Rol.SCHOOL)
    c = Client()
    c.force_login(school.user)
    assert c.get(url).status_code == 404

    response = login(steunpunt).get(url)
    assert response.status_code == 200
    assert '<span class="label let-op">Concept</span>' in response.content.decode()
    lijst = login(steunpunt).get(reverse("steunpunt:artikelen"), {"q": "geheim"}).content.decode()
    assert ">Nog geheim concept</a>" in lijst and "Concept</span>" in lijst


def test_editor_writes_a_draft_publishes_it_and_the_public_then_finds_it(login, steunpunt, anoniem):
    client = login(steunpunt)
    response = client.post(reverse("steunpunt:artikel_nieuw"), {
        "titel": "Het groeidocument uitgelegd", "soort": "artikel", "samenvatting": "Kort.",
        "tekst": "Over het groeidocument en de wekelijkse evaluatie.", "themas": [Thema.objects.get(slug="opp").pk],
        "sectoren": ["po"], "doelgroepen": ["scholen"], "bronnen": "https://www.example.org/groei",
    })
    a = Artikel.objects.get(titel="Het groeidocument uitgelegd")
    assert response.status_code == 302 and response["Location"] == reverse("steunpunt:artikel", args=[a.slug])
    assert a.status == Artikel.Status.CONCEPT
    zoek = reverse("steunpunt:artikelen") + "?q=groeidocument+wekelijkse"
    assert ">Het groeidocument uitgelegd</a>" not in anoniem.get(zoek).content.decode()

    response = client.post(reverse("steunpunt:artikel_status", args=[a.pk]), {"status": "gepubliceerd"}, follow=True)

    assert "staat nu openbaar in de kennisbank" in response.content.decode()
    assert ">Het groeidocument uitgelegd</a>" in anoniem.get(zoek).content.decode()
    pagina = anoniem.get(reverse("steunpunt:artikel", args=[a.slug]))
    assert pagina.status_code == 200 and "Ontwikkelingsperspectief (OPP)" in pagina.content.decode()

    client.post(reverse("steunpunt:artikel_status", args=[a.pk]), {"status": "gearchiveerd"})
    assert anoniem.get(reverse("steunpunt:artikel", args=[a.slug])).status_code == 404


def test_upload_of_a_non_pdf_is_refused_in_dutch_and_keeps_the_typed_title(login, steunpunt):
    nep = SimpleUploadedFile("handleiding.pdf", b"MZ\x90\x00 dit is geen pdf", content_type="application/pdf")
    response = login(steunpunt).post(reverse("steunpunt:artikel_nieuw"), {
        "titel": "Handleiding voor het loket", "soort": "document", "bestand": nep,
    })

    html = response.content.decode()
    assert response.status_code == 200
    assert "Alleen pdf-bestanden kunnen worden geüpload." in html
    assert 'value="Handleiding voor het loket"' in html
    assert "Er is niets opgeslagen." in html
    assert not Artikel.objects.filter(titel="Handleiding voor het loket").exists()


def test_a_published_document_opens_inline_as_pdf_and_a_draft_document_does_not(login, steunpunt, anoniem):
    client = login(steunpunt)
    client.post(reverse("steunpunt:artikel_nieuw"), {
        "titel": "Model ondersteuningsplan", "soort": "document",
        "bestand": SimpleUploadedFile("model.pdf", PDF, content_type="application/pdf"),
    })
    a = Artikel.objects.get(titel="Model ondersteuningsplan")
    url = reverse("steunpunt:artikel_document", args=[a.slug])
    assert anoniem.get(url).status_code == 404

    client.post(reverse("steunpunt:artikel_status", args=[a.pk]), {"status": "gepubliceerd"})
    response = anoniem.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF
    assert url in anoniem.get(reverse("steunpunt:artikel", args=[a.slug])).content.decode()


def test_editor_list_shows_drafts_and_filters_on_status(login, steunpunt):
    artikel("Redactieproef concept", status=Artikel.Status.CONCEPT)
    artikel("Redactieproef gepubliceerd")
    client = login(steunpunt)

    rijen = Tabel(client.get(reverse("steunpunt:redactie"), {"q": "redactieproef"}).content.decode(),
                  "kennis-redactie").als_dicts()
    assert rijen["Redactieproef concept"]["Status"] == "Concept"
    assert rijen["Redactieproef gepubliceerd"]["Status"] == "Gepubliceerd"

    rijen = Tabel(client.get(reverse("steunpunt:redactie"), {"q": "redactieproef", "status": "concept"})
                  .content.decode(), "kennis-redactie").als_dicts()
    assert list(rijen) == ["Redactieproef concept"]


def test_editor_changes_an_article_and_errors_keep_the_input(login, steunpunt):
    a = artikel("Te wijzigen artikel", tekst="Oude tekst.")
    client = login(steunpunt)
    url = reverse("steunpunt:artikel_wijzigen", args=[a.pk])
    assert 'value="Te wijzigen artikel"' in client.get(url).content.decode()

    response = client.post(url, {"titel": "Nieuwe titel", "soort": "artikel", "tekst": "",
                                 "bronnen": "geen-adres"})
    html = response.content.decode()
    assert "Schrijf de tekst van het artikel." in html and "is geen webadres" in html
    assert 'value="Nieuwe titel"' in html
    a.refresh_from_db()
    assert a.titel == "Te wijzigen artikel"

    client.post(url, {"titel": "Nieuwe titel", "soort": "artikel", "tekst": "Nieuwe tekst."})
    a.refresh_from_db()
    assert (a.titel, a.tekst, a.status) == ("Nieuwe titel", "Nieuwe tekst.", Artikel.Status.GEPUBLICEERD)


@pytest.mark.parametrize("naam,args", [
    ("redactie", []), ("artikel_nieuw", []), ("artikel_wijzigen", ["pk"]), ("artikel_status", ["pk"]),
])
def test_editor_pages_need_login_and_the_steunpunt_role(anoniem, naam, args):
    a = artikel("Beschermd artikel")
    url = reverse(f"steunpunt:{naam}", args=[a.pk for _ in args])
    response = anoniem.post(url, {"status": "concept"}) if naam == "artikel_status" else anoniem.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]

    school = RolFactory(rol=Rol.SCHOOL)
    c = Client()
    c.force_login(school.user)
    response = c.post(url, {"status": "concept"}) if naam == "artikel_status" else c.get(url)
    assert response.status_code == 403
    a.refresh_from_db()
    assert a.status == Artikel.Status.GEPUBLICEERD


def test_front_page_is_public_with_search_recent_articles_coming_activities_and_signup(anoniem):
    artikel("Voorpagina nieuwtje", samenvatting="Kort nieuws.")
    nu = timezone.now()
    Activiteit.objects.create(titel="Webinar over de zorgplicht", soort="webinar", begin=nu + dt.timedelta(days=10),
                              eind=nu + dt.timedelta(days=10, hours=1), capaciteit=50, status="gepubliceerd")
    Activiteit.objects.create(titel="Voorbije regiobijeenkomst", soort="regiobijeenkomst",
                              begin=nu - dt.timedelta(days=10), eind=nu - dt.timedelta(days=10, hours=-2),
                              capaciteit=50, status="gepubliceerd")
    Activiteit.objects.create(titel="Training in concept", soort="training", begin=nu + dt.timedelta(days=20),
                              eind=nu + dt.timedelta(days=20, hours=3), capaciteit=50, status="concept")

    response = anoniem.get(reverse("steunpunt:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'action="{reverse("steunpunt:artikelen")}"' in html
    assert ">Voorpagina nieuwtje</a>" in html
    assert "Webinar over de zorgplicht" in html
    assert "Voorbije regiobijeenkomst" not in html and "Training in concept" not in html
    assert f'action="{reverse("steunpunt:nieuwsbrief")}"' in html
