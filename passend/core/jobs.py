"""Background jobs with visible progress.

`start_job(soort, titel, user=..., swv=..., **params)` creates a Job row (what users see) and enqueues the
django-tasks task `run_job` (passend.core.tasks), which looks the handler up by `soort` and runs it.

A handler is registered with `@job_handler("soort")` and is called as `handler(job, progress)`, where
`progress(pct, tekst)` updates the Job. It returns a dict (stored as `resultaat`) and may put a one-line
summary under the key "samenvatting". A handler raises `JobFout` with a Dutch message for an expected
failure; any other exception also ends the job as "mislukt", with a generic message.
"""

import logging
from collections.abc import Callable

from django.core.cache import caches
from django.utils import timezone

from passend.audit.context import Actor, acting_as

from .models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
Handler = Callable[[Job, Progress], dict]

HANDLERS: dict[str, Handler] = {}


class JobFout(Exception):
    """An expected failure of a job. The message is shown to the user; `details` lists extra lines."""

    def __init__(self, bericht: str, details: list[str] | None = None):
        super().__init__(bericht)
        self.bericht = bericht
        self.details = list(details or [])


def job_handler(soort: str):
    """Register the function as the handler of jobs of this `soort`."""

    def decorator(func: Handler) -> Handler:
        HANDLERS[soort] = func
        return func

    return decorator


def start_job(soort: str, titel: str, *, user, swv, **params) -> Job:
    """Create a Job and queue it. With the immediate backend (tests) it has run when this returns."""
    if soort not in HANDLERS:
        raise ValueError(f"Onbekende taaksoort: {soort}")
    job = Job.objects.create(
        soort=soort,
        titel=titel[:200],
        parameters=params,
        aangemaakt_door=user if getattr(user, "is_authenticated", False) else None,
        swv=swv,
    )
    from .tasks import run_job

    # The database backend writes its task row in the current transaction, so a worker only sees the task
    # once the Job row is committed too.
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


VOORTGANG_CACHE = "voortgang"


def _cache_key(job_id: int) -> str:
    return f"passend:job:{job_id}:voortgang"


def live_voortgang(job: Job) -> Job:
    """The job with the newest progress a running handler reported, also from inside its transaction."""
    if job.status == Job.Status.BEZIG:
        cached = caches[VOORTGANG_CACHE].get(_cache_key(job.pk))
        if cached and cached[0] >= job.voortgang:
            job.voortgang, job.bericht = cached
    return job


def _update(job: Job, **fields) -> None:
    for k, v in fields.items():
        setattr(job, k, v)
    Job.objects.filter(pk=job.pk).update(**fields)


def execute(job_id: int) -> str:
    """Run one job (called by the task). Sets status, progress and message as it goes."""
    job = Job.objects.select_related("aangemaakt_door").filter(pk=job_id).first()
    if job is None:
        logger.warning("Taak %s bestaat niet meer", job_id)
        return "onbekend"
    if job.is_afgerond:
        return job.status
    handler = HANDLERS.get(job.soort)
    user = job.aangemaakt_door
    actor = Actor(
        user_id=user.pk if user else None,
        gebruikersnaam=(f"{user.get_username()} (taak {job.pk})" if user else f"systeem (taak {job.pk})"),
        rol="",
        rol_swv_id=job.swv_id,
    )
    _update(job, status=Job.Status.BEZIG, gestart=timezone.now(), voortgang=0, bericht="Gestart")

    def progress(pct: int, tekst: str) -> None:
        pct, tekst = max(0, min(100, int(pct))), (tekst or "")[:500]
        # Inside a handler's own transaction the row update only becomes visible when that transaction ends
        # (and SQLite allows no second writer meanwhile), so the progress also goes to a cache that the
        # progress page reads: see live_voortgang().
        caches[VOORTGANG_CACHE].set(_cache_key(job.pk), (pct, tekst), 24 * 3600)
        _update(job, voortgang=pct, bericht=tekst)

    if handler is None:
        _update(job, status=Job.Status.MISLUKT, klaar=timezone.now(), bericht=f"Onbekende taaksoort: {job.soort}")
        return job.status
    try:
        with acting_as(actor):
            resultaat = handler(job, progress) or {}
    except JobFout as fout:
        _update(
            job,
            status=Job.Status.MISLUKT,
            klaar=timezone.now(),
            bericht=fout.bericht[:500],
            resultaat={"fouten": fout.details},
        )
        return job.status
    except Exception as e:  # noqa: BLE001 - any failure must end the job visibly
        logger.exception("Taak %s (%s) is mislukt", job.pk, job.soort)
        _update(
            job,
            status=Job.Status.MISLUKT,
            klaar=timezone.now(),
            bericht=f"De taak is mislukt door een onverwachte fout ({type(e).__name__}). De beheerder kan de log bekijken.",
        )
        return job.status
    _update(
        job,
        status=Job.Status.KLAAR,
        klaar=timezone.now(),
        voortgang=100,
        bericht=str(resultaat.get("samenvatting") or "Klaar")[:500],
        resultaat=resultaat,
    )
    return job.status


# --------------------------------------------------------------------------------------------------------
# Handlers
# --------------------------------------------------------------------------------------------------------

@job_handler("import_register")
def import_register_job(job: Job, progress: Progress) -> dict:
    """Update the public register (DUO schools, PC4 regions, centroids) from settings.DATA_DIR."""
    from passend.register.importer import ImportFout, import_register

    try:
        res = import_register(progress=progress)
    except ImportFout as fout:
        # The import is one transaction: nothing has been written.
        raise JobFout(
            "Import afgebroken, er is niets gewijzigd. " + "; ".join(fout.regels[:5])
            + (f" (en nog {len(fout.regels) - 5} fouten)" if len(fout.regels) > 5 else ""),
            details=fout.regels[:200],
        ) from fout
    return {
        "samenvatting": "Klaar: " + res.samenvatting(),
        "aantallen": res.aantallen,
        "waarschuwingen": res.waarschuwingen[:200],
    }
