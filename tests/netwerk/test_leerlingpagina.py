"""The pupil page shows the pupil's needs and placement requests, with the actions the role may take."""

from django.urls import reverse

from passend.netwerk import services


def test_school_ziet_behoeften_en_kan_een_plaats_zoeken(n, login):
    w = n.w
    services.leerlingbehoeften_zetten(w.school, w.leerling, [n.b["gedrag"]])
    html = login(w.school).get(reverse("register:leerling", args=[w.leerling.pk])).content.decode()
    assert "Ondersteuningsbehoeften en plaatsing" in html and "Gedrag" in html
    assert reverse("netwerk:plaatsing_nieuw", args=[w.leerling.pk]) in html
    assert reverse("netwerk:leerlingbehoeften", args=[w.leerling.pk]) in html


def test_ouder_ziet_het_verzoek_zonder_knoppen_en_lopend_verzoek_verbergt_nieuw_zoeken(n, login):
    w = n.w
    p = services.plaatsing_starten(w.school, w.leerling, behoeften=[n.b["gedrag"]], pc4="8011")
    html = login(w.ouder).get(reverse("register:leerling", args=[w.leerling.pk])).content.decode()
    assert reverse("netwerk:plaatsing", args=[p.pk]) in html and "Zoekt plaats" in html
    assert reverse("netwerk:plaatsing_nieuw", args=[w.leerling.pk]) not in html
    assert reverse("netwerk:leerlingbehoeften", args=[w.leerling.pk]) not in html
    html = login(w.school).get(reverse("register:leerling", args=[w.leerling.pk])).content.decode()
    assert reverse("netwerk:plaatsing_nieuw", args=[w.leerling.pk]) not in html


def test_startpagina_school_ziet_wat_op_antwoord_wacht_en_swv_de_lopende_verzoeken(n, login):
    w = n.w
    p = services.plaatsing_starten(w.school, w.leerling, behoeften=[n.b["gedrag"]], pc4="8011")
    services.plaatsing_kiezen(w.school, p, w.school_b)
    html = login(w.andere_school).get(reverse("core:start")).content.decode()
    assert "Wacht op uw antwoord" in html and reverse("netwerk:plaatsing", args=[p.pk]) in html
    html = login(w.school).get(reverse("core:start")).content.decode()
    assert "Uw school zoekt een plaats voor" in html and "Wacht op uw antwoord" not in html
    html = login(w.consulent).get(reverse("core:start")).content.decode()
    assert "1 lopende plaatsingsverzoek</a>, waarvan 1 wacht op antwoord" in html
    assert "Ondersteuningsprofielen: 3 geldig" in html


def test_in_het_menu_is_alleen_het_langste_passende_adres_huidig(n, login):
    html = login(n.w.consulent).get(reverse("netwerk:plaatsingen")).content.decode()
    assert f'<a href="{reverse("netwerk:plaatsingen")}" aria-current="page">' in html
    assert f'<a href="{reverse("netwerk:dekking")}" aria-current' not in html
    html = login(n.w.consulent).get(reverse("netwerk:profielen")).content.decode()
    assert f'<a href="{reverse("netwerk:dekking")}" aria-current="true">' in html
