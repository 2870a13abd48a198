"""Background jobs: start_job, the run_job task, the register import job and its page."""

import pytest
from django.urls import reverse

from passend.accounts.models import Rol
from passend.core import jobs
from passend.core.models import Job
from passend.register.models import School
from tests.factories import RolFactory, SamenwerkingsverbandFactory

pytestmark = pytest.mark.django_db

SCHOOL_KOP = (
    "vestigingscode,brin,naam,sector,duo_type,denominatie,internetadres,straat,huisnummer,huisletter,"
    "huisnummertoevoeging,postcode,plaats,gemeente,provincie,onderwijsgebied,leerlingen,lat,lon\n"
)


def _data(tmp_path, scholen_regels: str):
    (tmp_path / "swv_regio_pc4_2015.csv").write_text(
        "pc4,gemeente,swv_po,swv_vo\n8011,Zwolle,PO2301,VO2302\n8261,Kampen,PO2301,VO2302\n", encoding="utf-8"
    )
    (tmp_path / "pc4_centroids_postcodetabel.csv").write_text(
        "pc4,lat,lon\n8011,52.51,6.09\n8261,52.55,5.91\n", encoding="utf-8"
    )
    (tmp_path / "scholen_nl_2024.csv").write_text(SCHOOL_KOP + scholen_regels, encoding="utf-8")
    return tmp_path


GOEDE_SCHOLEN = (
    "01AA00,01AA,Basisschool De Linde,BAO,BAO,Openbaar,,Lindelaan,1,,,8011AA,ZWOLLE,ZWOLLE,Overijssel,,250,52.51,6.09\n"
    "02BB00,02BB,SBO De Brug,SBO,SBO,Rooms-Katholiek,,Brugweg,5,a,,8261AB,KAMPEN,KAMPEN,Overijssel,,120,52.55,5.91\n"
)


@pytest.fixture
def beheerder():
    swv = SamenwerkingsverbandFactory(code="PO2301")
    return RolFactory(rol=Rol.BEHEERDER, swv=swv)


def test_beheerder_runs_register_import_job_and_sees_klaar_with_counts(login, beheerder, settings, tmp_path):
    settings.DATA_DIR = _data(tmp_path, GOEDE_SCHOLEN)
    client = login(beheerder)
    response = client.post(reverse("core:register_bijwerken"), follow=True)
    assert response.status_code == 200
    job = Job.objects.get()
    assert job.status == Job.Status.KLAAR
    assert job.voortgang == 100
    assert job.aangemaakt_door == beheerder.user and job.swv == beheerder.swv
    assert job.resultaat["aantallen"]["scholen"]["nieuw"] == 2
    assert School.objects.filter(vestigingscode__in=["01AA00", "02BB00"]).count() == 2
    html = response.content.decode()
    assert "Status: Klaar" in html
    assert "<caption>Resultaat</caption>" in html and "Scholen" in html
    assert response.redirect_chain[-1][0] == reverse("core:taak", args=[job.pk])
    # Running it again with the same files changes nothing.
    client.post(reverse("core:register_bijwerken"))
    again = Job.objects.order_by("-pk").first()
    assert again.resultaat["aantallen"]["scholen"] == {"nieuw": 0, "bijgewerkt": 0, "ongewijzigd": 2}


def test_malformed_file_ends_mislukt_naming_the_line_and_writes_nothing(login, beheerder, settings, tmp_path):
    settings.DATA_DIR = _data(tmp_path, GOEDE_SCHOLEN + "03CC00,03CC,Kapot,XYZ,,,,,,,,8011AA,ZWOLLE,ZWOLLE,,,12,52.5,6.1\n")
    voor = School.objects.count()
    response = login(beheerder).post(reverse("core:register_bijwerken"), follow=True)
    job = Job.objects.get()
    assert job.status == Job.Status.MISLUKT
    assert "scholen_nl_2024.csv, regel 4" in job.bericht
    assert "niets gewijzigd" in job.bericht
    assert School.objects.count() == voor
    html = response.content.decode()
    assert "Status: Mislukt" in html and "regel 4" in html


def test_start_job_records_params_and_runs_registered_handler(beheerder):
    seen = {}

    @jobs.job_handler("test_echo")
    def echo(job, progress):
        progress(50, "Halverwege")
        seen["halfway"] = Job.objects.get(pk=job.pk).voortgang
        return {"samenvatting": f"Echo {job.parameters['woord']}"}

    try:
        job = jobs.start_job("test_echo", "Echo", user=beheerder.user, swv=beheerder.swv, woord="hallo")
    finally:
        jobs.HANDLERS.pop("test_echo")
    assert seen["halfway"] == 50
    assert (job.status, job.voortgang, job.bericht) == (Job.Status.KLAAR, 100, "Echo hallo")
    assert job.gestart is not None and job.klaar is not None


def test_unexpected_error_ends_job_mislukt_with_dutch_message(beheerder):
    @jobs.job_handler("test_kapot")
    def kapot(job, progress):
        raise RuntimeError("boem")

    try:
        job = jobs.start_job("test_kapot", "Kapot", user=beheerder.user, swv=beheerder.swv)
    finally:
        jobs.HANDLERS.pop("test_kapot")
    assert job.status == Job.Status.MISLUKT
    assert "onverwachte fout" in job.bericht


def test_unknown_job_kind_is_refused(beheerder):
    with pytest.raises(ValueError):
        jobs.start_job("bestaat_niet", "?", user=beheerder.user, swv=beheerder.swv)
    assert Job.objects.count() == 0


def test_progress_reported_inside_a_handlers_transaction_is_shown_while_it_runs(login, beheerder, settings, tmp_path):
    """The handler's own transaction hides its Job row updates from other connections until it ends; the
    progress page still shows the latest step, read from the progress cache."""
    from django.db import transaction

    settings.CACHES = {**settings.CACHES, "voortgang": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "cache")}}
    client = login(beheerder)
    shown = {}

    @jobs.job_handler("test_lang")
    def lang(job, progress):
        with transaction.atomic():
            progress(60, "Scholen bijwerken (5000 van 8622)")
            # What another connection sees of the row: the state before the transaction.
            Job.objects.filter(pk=job.pk).update(voortgang=15, bericht="Scholen lezen")
            shown["page"] = client.get(reverse("core:taak_voortgang", args=[job.pk])).content.decode()
        return {}

    try:
        jobs.start_job("test_lang", "Lang", user=beheerder.user, swv=beheerder.swv)
    finally:
        jobs.HANDLERS.pop("test_lang")
    assert "60%" in shown["page"] and "5000 van 8622" in shown["page"]
