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
    # Resuming after a stop: only the subscribers after the last one mailed (in id order).
    al = brief.ontvangers if brief.verzonden_tot is not None else 0
    qs = Abonnee.objects.filter(bevestigd_op__isnull=False).order_by("pk")
    if brief.verzonden_tot is not None:
        qs = qs.filter(pk__gt=brief.verzonden_tot)
    abonnees = list(qs)
    for i, a in enumerate(abonnees, 1):
        mails.nieuwsbrief(brief, a, afmeld_token(a), tekst)
        # One row update per mail: the point to resume from, if sending stops.
        Nieuwsbrief.objects.filter(pk=brief.pk).update(verzonden_tot=a.pk, ontvangers=al + i)
        if i % 20 == 0 or i == len(abonnees):
            voortgang(int(100 * i / len(abonnees)), f"{al + i} van {al + len(abonnees)} verzonden")
    brief.refresh_from_db()
    brief.status = Nieuwsbrief.Status.VERZONDEN
    brief.verzonden_op = timezone.now()
    brief.ontvangers = al + len(abonnees)
    brief.save()
    return {"samenvatting": f"Verzonden aan {brief.ontvangers} abonnees", "ontvangers": brief.ontvangers}
