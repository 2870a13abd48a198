"""Granted arrangementen and what was spent on them.

- arrangementen: the list (search a pupil, filter on school and lopend/afgelopen) with granted, spent and rest;
- arrangement: one arrangement with its bookings and totals, and for SWV staff the form to book spending
  (besteding_nieuw, through services.besteding_boeken).

Every amount on these pages comes from bedragen.py, the one place that adds them up.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from passend.audit.services import record_view
from passend.core.access import can, get_or_refuse, visible
from passend.core.ui import fouten_naar_form, pagineer, rol_vereist
from passend.register.forms import DatumInput
from passend.register.models import School

from .. import bedragen, services
from ..models import Arrangement, Besteding, vandaag

ARRANGEMENTEN_PER_PAGINA = 25
LOOPTIJD = {"": "Alle", "lopend": "Lopend (nu of later)", "afgelopen": "Afgelopen"}


class ArrangementZoekForm(forms.Form):
    q = forms.CharField(label="Leerling", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    school = forms.ModelChoiceField(label="School", required=False, queryset=School.objects.none(),
                                    empty_label="Alle scholen")
    looptijd = forms.ChoiceField(label="Looptijd", required=False, choices=list(LOOPTIJD.items()))

    def __init__(self, *args, scholen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scholen is not None:
            self.fields["school"].queryset = scholen


class BestedingForm(forms.Form):
    datum = forms.DateField(label="Datum", widget=DatumInput(),
                            error_messages={"required": "Vul de datum van de besteding in.",
                                            "invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-2027."})
    omschrijving = forms.CharField(label="Omschrijving", max_length=300,
                                   help_text="Bijvoorbeeld: begeleiding door de ambulant begeleider, week 12.",
                                   error_messages={"required": "Omschrijf de besteding."})
    uren = forms.DecimalField(label="Uren", required=False, min_value=0, max_digits=7, decimal_places=1,
                              widget=forms.NumberInput(attrs={"class": "kort", "step": "0.1", "min": "0"}),
                              error_messages={"invalid": "Vul een getal in, bijvoorbeeld 2,5.",
                                              "min_value": "Uren kunnen niet negatief zijn."})
    bedrag = forms.DecimalField(label="Bedrag (€)", required=False, min_value=0, max_digits=10, decimal_places=2,
                                widget=forms.NumberInput(attrs={"class": "kort", "step": "0.01", "min": "0"}),
                                error_messages={"invalid": "Vul een bedrag in, bijvoorbeeld 125,50.",
                                                "min_value": "Een bedrag kan niet negatief zijn."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Accept a decimal comma as typed in Dutch ("2,5").
        if self.is_bound:
            data = self.data.copy()
            for veld in ("uren", "bedrag"):
                if data.get(veld):
                    data[veld] = data[veld].replace(",", ".")
            self.data = data


def _looptijd_q(looptijd: str) -> Q:
    """Lopend: not yet over (running now or starting later); afgelopen: past its end or ended early."""
    nu = vandaag()
    afgelopen = Q(einddatum__lt=nu) | Q(beeindigd_op__lt=nu)
    if looptijd == "lopend":
        return ~afgelopen
    if looptijd == "afgelopen":
        return afgelopen
    return Q()


@rol_vereist
def arrangementen(request):
    rol = request.rol
    zichtbaar = visible(rol, Arrangement)
    scholen = School.objects.filter(pk__in=zichtbaar.values("school_id")).order_by("naam", "plaats")
    form = ArrangementZoekForm(request.GET or None, scholen=scholen)
    qs = zichtbaar
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        for woord in d["q"].casefold().split():
            qs = qs.filter(leerling__zoeknaam__icontains=woord)
        if d["school"]:
            qs = qs.filter(school=d["school"])
        qs = qs.filter(_looptijd_q(d["looptijd"]))
    elif form.is_bound:
        qs = qs.none()
    totaal = bedragen.samenvatting(qs)
    qs = bedragen.toegekend_en_besteed(qs).select_related("leerling", "school", "aanvraag").order_by(
        Lower("leerling__achternaam"), "-begindatum", "pk"
    )
    page = pagineer(request, qs, ARRANGEMENTEN_PER_PAGINA)
    nu = vandaag()
    for arr in page.object_list:
        _met_stand(arr, nu)
    return render(request, "toewijzing/arrangementen.html", {"form": form, "page": page, "totaal": totaal})


def _met_stand(arr: Arrangement, nu) -> Arrangement:
    """Where the arrangement stands today and how much of it was spent (for the bar)."""
    if arr.beeindigd_op and arr.beeindigd_op < nu:
        arr.stand, arr.stand_klasse = f"beëindigd op {arr.beeindigd_op:%d-%m-%Y}", ""
    elif arr.einddatum < nu:
        arr.stand, arr.stand_klasse = "afgelopen", ""
    elif arr.begindatum > nu:
        arr.stand, arr.stand_klasse = f"begint {arr.begindatum:%d-%m-%Y}", ""
    else:
        arr.stand, arr.stand_klasse = "loopt", "goed"
    # The bar shows money when money was granted, else hours.
    if arr.bedrag:
        arr.pct = bedragen.percentage(arr.bedrag, arr.besteed_bedrag)
    else:
        arr.pct = bedragen.percentage(arr.uren, arr.besteed_uren)
    arr.balk = min(arr.pct or 0, 100)
    arr.over = (arr.pct or 0) > 100
    return arr


def _arrangement_pagina(request, arr: Arrangement, form: BestedingForm | None):
    rol = request.rol
    arr = _met_stand(
        bedragen.toegekend_en_besteed(Arrangement.objects.filter(pk=arr.pk))
        .select_related("leerling", "school", "aanvraag").get(), vandaag()
    )
    return render(request, "toewijzing/arrangement.html", {
        "arr": arr,
        "bestedingen": visible(rol, Besteding).filter(arrangement=arr).select_related("geboekt_door"),
        "totaal": bedragen.samenvatting(Arrangement.objects.filter(pk=arr.pk)),
        "form": form,
        "kan_boeken": can(rol, "change", arr),
        "aanvraag_zichtbaar": can(rol, "view", arr.aanvraag),
    })


@rol_vereist
def arrangement(request, pk: int):
    rol = request.rol
    arr = get_or_refuse(rol, Arrangement, pk)
    record_view(arr)
    form = BestedingForm(initial={"datum": min(max(vandaag(), arr.begindatum), arr.einddatum)}) \
        if can(rol, "change", arr) else None
    return _arrangement_pagina(request, arr, form)


@rol_vereist
@require_POST
def besteding_nieuw(request, pk: int):
    rol = request.rol
    arr = get_or_refuse(rol, Arrangement, pk, "change")
    form = BestedingForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            b = services.besteding_boeken(rol, arr, datum=d["datum"], omschrijving=d["omschrijving"],
                                          uren=d["uren"], bedrag=d["bedrag"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"De besteding van {b.datum:%d-%m-%Y} is geboekt.")
            return redirect("toewijzing:arrangement", pk=arr.pk)
    return _arrangement_pagina(request, arr, form)


urlpatterns = [
    path("arrangementen/", arrangementen, name="arrangementen"),
    path("arrangementen/<int:pk>/", arrangement, name="arrangement"),
    path("arrangementen/<int:pk>/besteding/", besteding_nieuw, name="besteding_nieuw"),
]
