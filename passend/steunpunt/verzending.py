"""Sending a newsletter issue: a background job with progress (one e-mail per confirmed subscriber)."""

from django.template.loader import render_to_string
from django.utils import timezone

from passend.core.jobs import JobFout, job_handler

from . import mails
from .models import Abonnee, Nieuwsbrief


def tekst_van(brief: Nieuwsbrief) -> str:
    """The plain text of an issue (also the preview in the editor)."""
    return render_to_string("steunpunt/mail/nieuwsbrief.txt", {
        "brief": brief,
        "artikelen": brief.artikelen.order_by("-gepubliceerd_op", "titel"),
        "activiteiten": brief.activiteiten.order_by("begin"),
        "basis": mails._url(""),
    })


@job_handler("steunpunt-nieuwsbrief")
def verzenden(job, voortgang) -> dict:
    from .services import afmeld_token

    brief = Nieuwsbrief.objects.filter(pk=job.parameters.get("nieuwsbrief")).first()
    if brief is None:
        raise JobFout("Deze nieuwsbrief bestaat niet meer.")
    if brief.status == Nieuwsbrief.Status.VERZONDEN:
        raise JobFout("Deze nieuwsbrief is al verzonden.")
    tekst = tekst_van(brief)
    abonnees = list(Abonnee.objects.filter(bevestigd_op__isnull=False).order_by("pk"))
    for i, a in enumerate(abonnees, 1):
        mails.nieuwsbrief(brief, a, afmeld_token(a), tekst)
        if i % 20 == 0 or i == len(abonnees):
            voortgang(int(100 * i / len(abonnees)), f"{i} van {len(abonnees)} verzonden")
    brief.status = Nieuwsbrief.Status.VERZONDEN
    brief.verzonden_op = timezone.now()
    brief.ontvangers = len(abonnees)
    brief.save()
    return {"samenvatting": f"Verzonden aan {len(abonnees)} abonnees", "ontvangers": len(abonnees)}
