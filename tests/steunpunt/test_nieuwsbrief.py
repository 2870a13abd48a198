"""The newsletter: double opt-in (a mail scanner opening the link subscribes nobody), one-click unsubscribe that
keeps no address, tampered links that change nothing, and an issue sent to confirmed subscribers only, each with
their own unsubscribe link."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from passend.accounts.models import Rol
from passend.core.models import Job
from passend.steunpunt import services
from passend.steunpunt.models import Abonnee, Artikel, Nieuwsbrief
from tests.factories import RolFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/steunpunt/nieuwsbrief/(?:bevestigen|afmelden)/[^/\s]+/)")


@pytest.fixture
def steunpunt():
    return RolFactory(rol=Rol.STEUNPUNT, swv=None)


@pytest.fixture
def anoniem():
    # Like a mail client or a visitor without a session: CSRF is checked as in production.
    return Client(enforce_csrf_checks=True)


def aanmelden(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("steunpunt:nieuwsbrief"), {"email": email})


def pad(tekst: str) -> str:
    return LINK.search(tekst).group(1)


def bevestigd(email: str, **velden) -> Abonnee:
    return Abonnee.objects.create(email=email, bevestigd_op=timezone.now(), **velden)


def test_signup_mails_one_link_and_only_a_post_on_it_confirms(django_capture_on_commit_callbacks):
    client = Client()
    response = aanmelden(client, "  Marit.Jansen@Example.org ", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert "Kijk in uw mailbox" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["marit.jansen@example.org"]
    link = pad(mail.outbox[0].body)
    assert "/nieuwsbrief/bevestigen/" in link

    # A mail scanner (or the person) opening the link: a page with a button, nothing confirmed yet.
    response = client.get(link)
    assert response.status_code == 200
    assert "Ja, ik wil de nieuwsbrief ontvangen" in response.content.decode()
    assert Abonnee.objects.get(email="marit.jansen@example.org").bevestigd_op is None

    response = client.post(link)
    assert "U bent aangemeld" in response.content.decode()
    assert Abonnee.objects.get(email="marit.jansen@example.org").bevestigd_op is not None


def test_signup_says_the_same_whether_or_not_the_address_is_known(django_capture_on_commit_callbacks):
    bevestigd("bekend@example.org")
    client = Client()
    bekend = aanmelden(client, "bekend@example.org", django_capture_on_commit_callbacks)
    onbekend = aanmelden(client, "onbekend@example.org", django_capture_on_commit_callbacks)

    assert bekend["Location"] == onbekend["Location"]
    assert [m.to for m in mail.outbox] == [["onbekend@example.org"]]


def test_signup_with_a_wrong_address_says_how_to_fix_it_and_keeps_it(django_capture_on_commit_callbacks):
    response = aanmelden(Client(), "marit@", django_capture_on_commit_callbacks)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in" in html and 'value="marit@"' in html
    assert not Abonnee.objects.exists() and mail.outbox == []


def test_a_tampered_confirmation_link_confirms_nothing(django_capture_on_commit_callbacks):
    client = Client()
    aanmelden(client, "sanne@example.org", django_capture_on_commit_callbacks)
    link = pad(mail.outbox[0].body)
    vervalst = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]

    response = client.post(vervalst)

    assert response.status_code == 400
    assert "Deze bevestigingslink is ongeldig of verlopen" in response.content.decode()
    assert Abonnee.objects.get(email="sanne@example.org").bevestigd_op is None


def test_one_click_unsubscribe_from_a_mail_client_deletes_the_address(anoniem):
    a = bevestigd("pieter@example.org")
    url = reverse("steunpunt:nieuwsbrief_afmelden", args=[services.afmeld_token(a)])

    # Opening the link only shows the button.
    response = anoniem.get(url)
    assert response.status_code == 200 and ">Afmelden</button>" in response.content.decode()
    assert Abonnee.objects.filter(email="pieter@example.org").exists()

    # RFC 8058: the mail client posts this body, without a CSRF token or cookie.
    response = anoniem.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert "U bent afgemeld" in response.content.decode()
    assert not Abonnee.objects.filter(email="pieter@example.org").exists()
    # The used link changes nothing any more.
    assert anoniem.post(url, "List-Unsubscribe=One-Click",
                        content_type="application/x-www-form-urlencoded").status_code == 400


def test_a_tampered_unsubscribe_link_removes_nobody(anoniem):
    a = bevestigd("eva@example.org")
    bevestigd("daan@example.org")
    token = services.afmeld_token(a)
    vervalst = token[:-2] + ("x" if token[-2] != "x" else "y") + token[-1]

    response = anoniem.post(reverse("steunpunt:nieuwsbrief_afmelden", args=[vervalst]), {})

    assert response.status_code == 400
    assert "Deze afmeldlink is ongeldig of al gebruikt" in response.content.decode()
    assert Abonnee.objects.count() == 2


def test_editor_sends_an_issue_to_confirmed_subscribers_each_with_their_own_unsubscribe_link(login, steunpunt):
    for email in ("een@example.org", "twee@example.org", "drie@example.org"):
        bevestigd(email)
    Abonnee.objects.create(email="onbevestigd@example.org")
    artikel = Artikel.objects.create(slug="nieuw-in-de-kennisbank", titel="Nieuw over de zorgplicht", tekst="T.",
                                     status=Artikel.Status.GEPUBLICEERD, gepubliceerd_op=timezone.localdate())
    client = login(steunpunt)

    # The new issue starts with the recent article already ticked.
    formulier = client.get(reverse("steunpunt:nieuwsbrief_nieuw")).content.decode()
    assert re.search(rf'value="{artikel.pk}"[^>]*checked', formulier)

    response = client.post(reverse("steunpunt:nieuwsbrief_nieuw"), {
        "onderwerp": "Nieuwsbrief december", "inleiding": "Beste lezer,", "artikelen": [artikel.pk],
    }, follow=True)
    brief = Nieuwsbrief.objects.get(onderwerp="Nieuwsbrief december")
    voorbeeld = response.content.decode()
    assert "Nieuw over de zorgplicht" in voorbeeld and "Verzenden aan 3 abonnees" in voorbeeld
    assert mail.outbox == []

    response = client.post(reverse("steunpunt:nieuwsbrief_verzenden", args=[brief.pk]), follow=True)

    job = Job.objects.get(soort="steunpunt-nieuwsbrief")
    assert response.redirect_chain[0][0] == reverse("core:taak", args=[job.pk])
    assert job.status == Job.Status.KLAAR
    assert sorted(m.to[0] for m in mail.outbox) == ["drie@example.org", "een@example.org", "twee@example.org"]
    links = set()
    for m in mail.outbox:
        assert m.subject == "Nieuwsbrief december"
        assert "Nieuw over de zorgplicht" in m.body
        link = pad(m.body)
        assert m.extra_headers["List-Unsubscribe"].endswith(f"{link}>")
        assert m.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        links.add(link)
    assert len(links) == 3
    brief.refresh_from_db()
    assert (brief.status, brief.ontvangers) == (Nieuwsbrief.Status.VERZONDEN, 3)

    # The link in one mail unsubscribes that subscriber only.
    eerste = next(m for m in mail.outbox if m.to == ["een@example.org"])
    Client(enforce_csrf_checks=True).post(pad(eerste.body), "List-Unsubscribe=One-Click",
                                          content_type="application/x-www-form-urlencoded")
    assert sorted(Abonnee.objects.values_list("email", flat=True)) == [
        "drie@example.org", "onbevestigd@example.org", "twee@example.org"]

    # A sent issue cannot be sent again.
    client.post(reverse("steunpunt:nieuwsbrief_verzenden", args=[brief.pk]))
    assert len(mail.outbox) == 3


def test_editor_list_shows_the_number_of_subscribers_never_their_addresses(login, steunpunt):
    bevestigd("geheim.adres@example.org")
    bevestigd("ander.adres@example.org")
    Abonnee.objects.create(email="nog.niet@example.org")

    html = login(steunpunt).get(reverse("steunpunt:nieuwsbrieven")).content.decode()

    assert "bevestigde abonnees" in html and '<span class="kengetal">2</span>' in html
    assert "@example.org" not in html


def test_an_issue_without_content_is_refused_and_keeps_the_subject(login, steunpunt):
    response = login(steunpunt).post(reverse("steunpunt:nieuwsbrief_nieuw"), {"onderwerp": "Lege brief"})

    html = response.content.decode()
    assert "Een nieuwsbrief zonder inleiding, artikelen of activiteiten is leeg." in html
    assert 'value="Lege brief"' in html
    assert not Nieuwsbrief.objects.exists()


@pytest.mark.parametrize("naam", ["nieuwsbrieven", "nieuwsbrief_nieuw", "nieuwsbrief_wijzigen",
                                  "nieuwsbrief_voorbeeld", "nieuwsbrief_verzenden"])
def test_editor_pages_need_login_and_the_steunpunt_role(naam):
    bevestigd("lezer@example.org")
    brief = Nieuwsbrief.objects.create(onderwerp="Vertrouwelijk concept", inleiding="Tekst")
    url = reverse(f"steunpunt:{naam}", args=[brief.pk] if naam not in ("nieuwsbrieven", "nieuwsbrief_nieuw") else [])

    def vraag(client):
        return client.post(url) if naam == "nieuwsbrief_verzenden" else client.get(url)

    response = vraag(Client())
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]

    school = RolFactory(rol=Rol.SCHOOL)
    client = Client()
    client.force_login(school.user)
    assert vraag(client).status_code == 403
    brief.refresh_from_db()
    assert brief.status == Nieuwsbrief.Status.CONCEPT and mail.outbox == []


def test_a_send_that_stops_halfway_resumes_without_sending_anyone_twice(login, steunpunt, monkeypatch):
    for email in ("een@example.org", "twee@example.org", "drie@example.org"):
        bevestigd(email)
    brief = services.nieuwsbrief_opslaan(steunpunt, None, onderwerp="Nieuwsbrief januari", inleiding="Beste lezer,")
    from passend.steunpunt import mails

    echt = mails.nieuwsbrief

    def storing(brief, abonnee, token, tekst):
        if abonnee.email == "drie@example.org":
            raise ConnectionError("mailserver weg")
        echt(brief, abonnee, token, tekst)

    monkeypatch.setattr(mails, "nieuwsbrief", storing)
    client = login(steunpunt)
    client.post(reverse("steunpunt:nieuwsbrief_verzenden", args=[brief.pk]))
    assert Job.objects.get(soort="steunpunt-nieuwsbrief").status == Job.Status.MISLUKT
    assert sorted(m.to[0] for m in mail.outbox) == ["een@example.org", "twee@example.org"]
    brief.refresh_from_db()
    assert (brief.status, brief.ontvangers) == (Nieuwsbrief.Status.VERZENDEN, 2)
    assert "Verder verzenden" in client.get(reverse("steunpunt:nieuwsbrief_voorbeeld", args=[brief.pk])).content.decode()

    monkeypatch.setattr(mails, "nieuwsbrief", echt)
    client.post(reverse("steunpunt:nieuwsbrief_verzenden", args=[brief.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == ["drie@example.org", "een@example.org", "twee@example.org"]
    brief.refresh_from_db()
    assert (brief.status, brief.ontvangers) == (Nieuwsbrief.Status.VERZONDEN, 3)
