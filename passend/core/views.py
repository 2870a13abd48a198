"""Start page (panels per role) and background jobs (list, detail with live progress, register update)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from passend.accounts.models import Rol

from .access import get_or_refuse, visible
from .jobs import live_voortgang, start_job
from .models import Job
from .panels import panels_voor
from .ui import pagineer, rol_vereist

# htmx stops polling when the server answers with this status.
HTMX_STOP_POLLING = 286


@login_required
def start(request):
    return render(request, "core/start.html", {"panels": panels_voor(request)})


@rol_vereist
def taken(request):
    page = pagineer(request, visible(request.rol, Job).select_related("aangemaakt_door"), 25)
    return render(request, "core/taken.html", {"page": page})


@rol_vereist
def taak(request, pk: int):
    job = live_voortgang(get_or_refuse(request.rol, Job, pk))
    return render(request, "core/taak.html", {"job": job})


@rol_vereist
def taak_voortgang(request, pk: int):
    """The progress fragment, polled by htmx every second until the job has finished."""
    job = live_voortgang(get_or_refuse(request.rol, Job, pk))
    response = render(request, "core/_taak_voortgang.html", {"job": job})
    if job.is_afgerond and request.htmx:
        response.status_code = HTMX_STOP_POLLING
    return response


def _mag_register_bijwerken(rol) -> bool:
    # Updating the public register (all schools) is a task of the beheerder of an installation.
    return rol is not None and rol.actief and rol.rol == Rol.BEHEERDER


@rol_vereist
@require_http_methods(["GET", "POST"])
def register_bijwerken(request):
    if not _mag_register_bijwerken(request.rol):
        raise PermissionDenied("Alleen een beheerder kan het register bijwerken.")
    if request.method == "POST":
        job = start_job("import_register", "Register bijwerken (DUO-scholen en regio-indeling)",
                        user=request.user, swv=request.rol.swv)
        if job.status == Job.Status.WACHT:
            messages.info(request, "De taak staat in de wachtrij. U kunt deze pagina open laten of later terugkomen.")
        return redirect("core:taak", pk=job.pk)
    return render(request, "core/register_bijwerken.html", {
        "laatste": visible(request.rol, Job).filter(soort="import_register").first(),
    })


