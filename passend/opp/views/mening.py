"""The pupil's own view on their OPP (hoorrecht, Kamerstuk 36443): the pupil, in their own account, writes it on
the OPP page; it goes to the school, which takes it into the pupil's view in the next version. Only the pupil
themself may post here (403 for everyone else); services.mening_geven checks that again and saves.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from passend.accounts.models import Rol
from passend.core.ui import fouten_naar_form, rol_vereist

from .. import services
from ..forms import MeningForm
from .detail import context_voor, laad_opp


@rol_vereist
@require_POST
def mening(request, pk: int):
    rol = request.rol
    o = laad_opp(rol, pk)  # another pupil, a parent of another child, another school: 403 (refusal audited)
    if rol.rol != Rol.LEERLING:
        raise PermissionDenied("Alleen de leerling zelf kan hier zijn of haar mening geven.")
    form = MeningForm(request.POST)
    if form.is_valid():
        try:
            services.mening_geven(rol, o, tekst=form.cleaned_data["tekst"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, "Je mening is naar de school gestuurd.")
            return redirect("opp:detail", pk=o.pk)
    return render(request, "opp/detail.html", context_voor(request, o, mening_form=form))


urlpatterns = [
    path("<int:pk>/mening/", mening, name="mening"),
]
