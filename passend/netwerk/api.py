"""REST API of the dekkend netwerk under /api/v1/: the list of support needs, the schoolondersteuningsprofielen
with their offer, the coverage of the region with its gaps, and placement requests with their ranked suggestions.

The same rules as the pages and the other modules' APIs (passend/thuiszitters/api.py, passend/toewijzing/api.py):
rows come from passend.core.access.visible() for the active role (a row outside it is a 404), every write goes
through passend.netwerk.services, which checks access and the rules inside its transaction. Wrong input is a 400
with the service's Dutch message; a refusal is a 403 (written to the audit trail). Reading one placement request,
or its suggestions, is written to the audit trail (it is pupil data); profiles, needs and coverage figures are
not about pupils.

- behoeften/                          list, read
- schoolprofielen/                    list (?school=<vestigingscode>, ?behoefte=<code>)
- schoolprofielen/{vestigingscode}/   read; PUT saves the whole profile (creates it when the school has none yet),
                                      PATCH only what is sent (school: own schools; SWV staff: every school)
- dekking/                            per need the figures of the coverage, the gap list and the trend
                                      (SWV staff, besturen, beheerder)
- plaatsingsverzoeken/                list, read, start; {id}/kiezen/, {id}/antwoord/, {id}/intrekken/,
                                      {id}/suggesties/
"""

import re

from django.db.models import Prefetch, Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from passend.accounts.models import BETROKKENEN
from passend.api import filters
from passend.api.exceptions import Geweigerd
from passend.api.schema import PassendAutoSchema
from passend.api.serializers import SchoolCodeField
from passend.api.views import ScopedViewSetMixin
from passend.audit.services import record_view
from passend.core.access import can, visible
from passend.register.models import Leerling, School
from passend.toewijzing.api import FOUTEN, ToewijzingViewSetMixin, diensten
from passend.zorgplicht.models import Aanmelding

from . import gegevens, regels, services
from .models import Aanbod, Behoefte, Netwerkinstellingen, Niveau, Plaatsingsverzoek, Schoolprofiel
from .toegang import mag_dekking_zien, mag_plaatsen

TAG = "dekkend netwerk"
FOUTEN_400 = {
    **FOUTEN,
    400: OpenApiResponse(description="Ongeldige invoer, of de stap kan nu niet, met de reden: "
                                     "{\"detail\": ..., \"fouten\": {veld: [melding]}}."),
}
GEEN_DEKKING = "Alleen medewerkers van het samenwerkingsverband, schoolbesturen en beheerders zien de dekking."
GEEN_PROFIEL = "U kunt alleen het profiel van uw eigen school wijzigen."  # as services.profiel_opslaan says
GEEN_PLAATSING = "Alleen medewerkers van het samenwerkingsverband en scholen zoeken een plaats voor een leerling."
PERIODES = [("toekomst", "toekomst"), ("geldig", "geldig"), ("verloopt", "verloopt binnenkort"),
            ("verlopen", "verlopen")]
GAT_SOORTEN = ("geen_aanbod", "afstand", "tekort", "vol", "wachtlijst")
MAX_SUGGESTIES = 50


def _rol(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", None), "rol", None)


def _codes_tekst(keuzes) -> str:
    return ", ".join(f"`{c.value}` ({c.label})" for c in keuzes)


def _drempel(context, swv_id) -> int:
    """The SWV's occupancy threshold (a setting), read once per response."""
    per_swv = context.setdefault("_drempel", {})
    if swv_id not in per_swv:
        per_swv[swv_id] = int(Netwerkinstellingen.voor(swv_id).bezetting_drempel_procent)
    return per_swv[swv_id]


def _namen_zichtbaar(serializer) -> bool:
    """Parents and the pupil see what happened, not which staff member did it (as on the other modules' pages)."""
    rol = _rol(serializer)
    return rol is None or rol.rol not in BETROKKENEN


# --------------------------------------------------------------------------------------------------------
# Behoeften
# --------------------------------------------------------------------------------------------------------

class BehoefteSerializer(serializers.ModelSerializer):
    eigen = serializers.SerializerMethodField(help_text="Door dit samenwerkingsverband zelf toegevoegd (anders: de "
                                                        "gedeelde standaardlijst).")
    basisondersteuning = serializers.SerializerMethodField(
        help_text="Valt volgens het huidige ondersteuningsplan onder de basisondersteuning: elke reguliere school "
        "biedt dit.")

    class Meta:
        model = Behoefte
        fields = ["id", "code", "naam", "omschrijving", "volgorde", "eigen", "basisondersteuning"]

    def get_eigen(self, obj) -> bool:
        return obj.swv_id is not None

    def get_basisondersteuning(self, obj) -> bool:
        if "_basis" not in self.context:
            rol = _rol(self)
            plan = services.huidig_plan(rol.swv_id) if rol is not None else None
            self.context["_basis"] = set(plan.basis_behoeften.values_list("pk", flat=True)) if plan else set()
        return obj.pk in self.context["_basis"]


@extend_schema_view(
    list=extend_schema(summary="Ondersteuningsbehoeften: de gedeelde lijst en die van uw samenwerkingsverband",
                       tags=[TAG]),
    retrieve=extend_schema(summary="Eén ondersteuningsbehoefte", tags=[TAG]),
)
class BehoefteViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Behoefte
    serializer_class = BehoefteSerializer


# --------------------------------------------------------------------------------------------------------
# Schoolprofielen
# --------------------------------------------------------------------------------------------------------

class AanbodSerializer(serializers.ModelSerializer):
    behoefte = serializers.CharField(source="behoefte.code", read_only=True, help_text="Code van de behoefte.")
    behoefte_naam = serializers.CharField(source="behoefte.naam", read_only=True)
    vrij = serializers.SerializerMethodField(help_text="Vrije plaatsen; leeg als er geen vaste grens is.")
    vol = serializers.SerializerMethodField(help_text="De bezetting haalt de drempel uit de instellingen.")

    class Meta:
        model = Aanbod
        fields = ["behoefte", "behoefte_naam", "niveau", "capaciteit", "bezet", "vrij", "vol", "toelichting"]

    def get_vrij(self, obj) -> int | None:
        return regels.vrij(obj.capaciteit, obj.bezet)

    def get_vol(self, obj) -> bool:
        return regels.is_vol(obj.capaciteit, obj.bezet, _drempel(self.context, obj.profiel.swv_id))


class SchoolprofielSerializer(serializers.ModelSerializer):
    school = SchoolCodeField(read_only=True)
    school_naam = serializers.CharField(source="school.naam", read_only=True)
    school_plaats = serializers.CharField(source="school.plaats", read_only=True)
    school_soort = serializers.CharField(source="school.soort", read_only=True,
                                         help_text="Soort school uit het register (BAO, SBO, SO, VSO, SO/VSO, VO).")
    speciaal = serializers.SerializerMethodField(
        help_text="Speciale school (SBO, SO, VSO): met plaatsen, bezetting en wachtlijst.")
    periode = serializers.SerializerMethodField(
        help_text="Geldigheid vandaag: " + ", ".join(f"`{c}` ({t})" for c, t in PERIODES) + ". Een profiel wordt "
        "minstens eens per 4 jaar vastgesteld.")
    aanbod = AanbodSerializer(many=True, read_only=True)
    mag_wijzigen = serializers.SerializerMethodField(help_text="Mag uw rol dit profiel wijzigen?")

    class Meta:
        model = Schoolprofiel
        fields = ["id", "school", "school_naam", "school_plaats", "school_soort", "speciaal", "geldig_van",
                  "geldig_tot", "periode", "mr_advies_op", "expertise", "voorzieningen", "plaatsen", "bezetting",
                  "wachtlijst", "bijgewerkt", "aanbod", "mag_wijzigen"]

    def get_speciaal(self, obj) -> bool:
        return services.is_speciaal(obj.school)

    def get_periode(self, obj) -> str:
        return regels.status_periode(obj.geldig_van, obj.geldig_tot, timezone.localdate())

    def get_mag_wijzigen(self, obj) -> bool:
        return can(_rol(self), "change", obj)


class AanbodInvoerSerializer(serializers.Serializer):
    behoefte = serializers.SlugField(max_length=30, help_text="Code van de behoefte (zie behoeften/).")
    niveau = serializers.ChoiceField(Niveau.choices, required=False, default=Niveau.EXTRA,
                                     help_text="Niveau: " + _codes_tekst(Niveau) + ".")
    capaciteit = serializers.IntegerField(min_value=0, max_value=100000, required=False, allow_null=True,
                                          default=None, help_text="Plaatsen voor leerlingen met deze behoefte; leeg: "
                                          "geen vaste grens.")
    bezet = serializers.IntegerField(min_value=0, max_value=100000, required=False, default=0)
    toelichting = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SchoolprofielInvoerSerializer(serializers.Serializer):
    """The whole profile (PUT) or only the fields you send (PATCH). `aanbod` replaces the whole offer: needs that
    are not in it are removed from the profile."""

    geldig_van = serializers.DateField()
    geldig_tot = serializers.DateField(help_text="Hoogstens 4 jaar na geldig_van.")
    mr_advies_op = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text="Datum van het advies van de medezeggenschapsraad.")
    expertise = serializers.CharField(required=False, allow_blank=True, default="")
    voorzieningen = serializers.CharField(required=False, allow_blank=True, default="")
    plaatsen = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None,
                                        help_text="Alleen voor een speciale school (SBO, SO, VSO).")
    bezetting = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None,
                                         help_text="Alleen voor een speciale school (SBO, SO, VSO).")
    wachtlijst = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None,
                                          help_text="Alleen voor een speciale school (SBO, SO, VSO).")
    aanbod = AanbodInvoerSerializer(many=True, help_text="De behoeften die de school opvangt.")


VESTIGINGSCODE = OpenApiParameter("vestigingscode", OpenApiTypes.STR, OpenApiParameter.PATH,
                                  description="Vestigingscode van de school, bijv. 27AB00 (hoofdletters of niet).")
PROFIEL_VELDEN = ("geldig_van", "geldig_tot", "mr_advies_op", "expertise", "voorzieningen", "plaatsen", "bezetting",
                  "wachtlijst")
AANBOD_FOUT = re.compile(r"(niveau|capaciteit|bezet)_(\d+)")


@extend_schema_view(
    list=extend_schema(
        summary="Schoolondersteuningsprofielen in uw samenwerkingsverband, met hun aanbod",
        tags=[TAG],
        parameters=[
            filters.param("school", description="Vestigingscode van de school."),
            filters.param("behoefte", description="Alleen profielen die deze behoefte bieden (code, zie behoeften/)."),
        ],
    ),
    retrieve=extend_schema(summary="Het ondersteuningsprofiel van één school", tags=[TAG],
                           parameters=[VESTIGINGSCODE]),
    update=extend_schema(
        summary="Ondersteuningsprofiel opslaan (maakt het aan als de school er nog geen heeft)",
        description="Een school wijzigt het profiel van de eigen school(en), de medewerkers van het "
        "samenwerkingsverband elk profiel. `aanbod` vervangt het hele aanbod. Plaatsen, bezetting en wachtlijst "
        "horen bij een speciale school (SBO, SO, VSO).",
        tags=[TAG], parameters=[VESTIGINGSCODE], request=SchoolprofielInvoerSerializer,
        responses={200: SchoolprofielSerializer, 201: SchoolprofielSerializer, **FOUTEN},
    ),
    partial_update=extend_schema(
        summary="Ondersteuningsprofiel deels wijzigen",
        description="Alleen wat u meestuurt verandert; stuurt u `aanbod` mee, dan vervangt dat het hele aanbod.",
        tags=[TAG], parameters=[VESTIGINGSCODE], request=SchoolprofielInvoerSerializer,
        responses={200: SchoolprofielSerializer, **FOUTEN},
    ),
)
class SchoolprofielViewSet(ToewijzingViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    model = Schoolprofiel
    serializer_class = SchoolprofielSerializer
    lookup_field = "school__vestigingscode"
    lookup_url_kwarg = "vestigingscode"
    lookup_value_regex = "[0-9A-Za-z]+"
    http_method_names = ["get", "put", "patch", "head", "options"]

    def get_queryset(self):
        qs = self.visible().select_related("school").prefetch_related(
            Prefetch("aanbod", queryset=Aanbod.objects.select_related("behoefte", "profiel")))
        if self.action != "list":
            return qs
        params = self.request.query_params
        if school := filters.text(params, "school").upper():
            qs = qs.filter(school__vestigingscode=school)
        if code := filters.text(params, "behoefte"):
            b = services.behoeften_van(self.rol.swv_id).filter(code=code).first()
            if b is None:
                raise exceptions.ValidationError({"behoefte": [f"Onbekende behoefte '{code}'; zie behoeften/."]})
            qs = qs.filter(aanbod__behoefte=b).distinct()
        return qs

    def get_object(self):
        self.kwargs[self.lookup_url_kwarg] = self.kwargs[self.lookup_url_kwarg].upper()
        return super().get_object()

    def retrieve(self, request, *args, **kwargs):  # no pupil data: no audit row for reading
        return Response(self.get_serializer(self.get_object()).data)

    def _detail(self, profiel, status_code=status.HTTP_200_OK):
        vers = self.get_queryset().get(pk=profiel.pk)
        return Response(SchoolprofielSerializer(vers, context=self.get_serializer_context()).data, status=status_code)

    def _opslaan(self, request, partial: bool):
        code = self.kwargs[self.lookup_url_kwarg].upper()
        school = School.objects.filter(vestigingscode=code).first()
        if school is None:
            raise exceptions.NotFound()
        bestaand = self.visible().filter(school=school).prefetch_related("aanbod__behoefte").first()
        if partial and bestaand is None:
            raise exceptions.NotFound()
        if not services.profiel_schrijven(self.rol, school):  # refused whatever is sent (the service checks again)
            self.refuse(bestaand or Schoolprofiel(swv_id=self.rol.swv_id, school=school), GEEN_PROFIEL)
        invoer = SchoolprofielInvoerSerializer(data=request.data, partial=partial)
        invoer.is_valid(raise_exception=True)
        data = dict(invoer.validated_data)
        waarden = {veld: data.get(veld, getattr(bestaand, veld, None)) for veld in PROFIEL_VELDEN}
        for veld in ("expertise", "voorzieningen"):
            waarden[veld] = waarden[veld] or ""
        behoeften = {b.code: b for b in services.behoeften_van(self.rol.swv_id)}
        if "aanbod" in data:
            aanbod, onbekend, dubbel = {}, [], []
            for rij in data["aanbod"]:
                b = behoeften.get(rij["behoefte"])
                if b is None:
                    onbekend.append(rij["behoefte"])
                elif b.pk in aanbod:
                    dubbel.append(rij["behoefte"])
                else:
                    aanbod[b.pk] = {k: rij.get(k) for k in ("niveau", "capaciteit", "bezet", "toelichting")}
            if onbekend:
                raise exceptions.ValidationError({"aanbod": [f"Onbekende behoefte: {', '.join(onbekend)}."]})
            if dubbel:
                raise exceptions.ValidationError({"aanbod": [f"Elke behoefte één keer: {', '.join(dubbel)}."]})
        else:
            aanbod = {a.behoefte_id: {"niveau": a.niveau, "capaciteit": a.capaciteit, "bezet": a.bezet,
                                      "toelichting": a.toelichting} for a in bestaand.aanbod.all()}
        codes = {b.pk: b.code for b in behoeften.values()}
        try:
            with diensten(bestaand or Schoolprofiel(swv_id=self.rol.swv_id, school=school)):
                profiel = services.profiel_opslaan(self.rol, school, aanbod=aanbod, **waarden)
        except exceptions.ValidationError as fout:
            raise exceptions.ValidationError(_aanbod_sleutels(fout.detail, codes)) from None
        return self._detail(profiel, status.HTTP_200_OK if bestaand else status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        return self._opslaan(request, partial=kwargs.get("partial", False))

    def partial_update(self, request, *args, **kwargs):
        return self._opslaan(request, partial=True)


def _aanbod_sleutels(fouten, codes: dict):
    """The service names an offer's fields by the need's id (`bezet_12`); the API by its code (`aanbod.ass.bezet`)."""
    if not isinstance(fouten, dict):
        return fouten
    uit = {}
    for sleutel, meldingen in fouten.items():
        m = AANBOD_FOUT.fullmatch(sleutel)
        uit[f"aanbod.{codes.get(int(m[2]), m[2])}.{m[1]}" if m else sleutel] = meldingen
    return uit


# --------------------------------------------------------------------------------------------------------
# Dekking
# --------------------------------------------------------------------------------------------------------

class DekkingAanbiederSerializer(serializers.Serializer):
    school = serializers.SerializerMethodField(help_text="Vestigingscode.")
    naam = serializers.CharField()
    plaats = serializers.CharField()
    soort = serializers.CharField(help_text="Soort school uit het register.")
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    niveau = serializers.CharField(help_text="Niveau: " + _codes_tekst(Niveau) + ".")
    capaciteit = serializers.IntegerField(allow_null=True, help_text="Leeg: geen vaste grens.")
    bezet = serializers.IntegerField()
    vol = serializers.BooleanField()
    via_basis = serializers.BooleanField(help_text="Geboden als basisondersteuning (elke reguliere school), niet uit "
                                                   "het eigen profiel.")

    def get_school(self, obj) -> str:
        return self.context["codes"].get(obj.school_id, "")


class DekkingBehoefteSerializer(serializers.Serializer):
    behoefte = serializers.CharField(source="behoefte.code", help_text="Code van de behoefte.")
    naam = serializers.CharField(source="behoefte.naam")
    aantal_aanbieders = serializers.SerializerMethodField()
    aanbieders = DekkingAanbiederSerializer(many=True)
    capaciteit = serializers.IntegerField(allow_null=True, help_text="Som van de plaatsen; leeg als minstens één "
                                                                     "school geen vaste grens heeft.")
    bezet = serializers.IntegerField()
    vrij = serializers.IntegerField(allow_null=True)
    vraag = serializers.IntegerField(help_text="Leerlingen met deze behoefte in een lopende aanvraag, een lopend OPP "
                                               "of een geldige TLV.")
    tekort = serializers.IntegerField(help_text="Vraag boven de capaciteit (0 zonder vaste grens).")
    max_afstand_km = serializers.FloatField(allow_null=True, help_text="Het verste postcodegebied van de regio tot "
                                                                       "de dichtstbijzijnde school met dit aanbod.")
    pc4_te_ver = serializers.ListField(child=serializers.CharField(), help_text="Postcodegebieden verder dan de "
                                       "grootste afstand uit de instellingen.")
    leerlingen_te_ver = serializers.IntegerField()

    def get_aantal_aanbieders(self, obj) -> int:
        return len(obj.aanbieders)


class DekkingGatSerializer(serializers.Serializer):
    soort = serializers.CharField(help_text="Soort gat: " + ", ".join(f"`{s}`" for s in GAT_SOORTEN) + ".")
    behoefte = serializers.SerializerMethodField(help_text="Code van de behoefte (leeg bij een wachtlijst).")
    behoefte_naam = serializers.CharField(source="behoefte")
    omschrijving = serializers.CharField()
    school = serializers.SerializerMethodField(help_text="Vestigingscode (bij een vol aanbod of een wachtlijst).")
    school_naam = serializers.CharField(source="school")
    ernst = serializers.IntegerField(help_text="3 = geen aanbod, 2 = afstand of tekort, 1 = vol of wachtlijst.")

    def get_behoefte(self, obj) -> str:
        return self.context["behoefte_codes"].get(obj.behoefte, "")

    def get_school(self, obj) -> str:
        return self.context["codes"].get(obj.school_id, "") if obj.school_id else ""


class DekkingInstellingenSerializer(serializers.Serializer):
    max_afstand_km = serializers.DecimalField(max_digits=5, decimal_places=1)
    wachtlijst_drempel = serializers.IntegerField()
    bezetting_drempel_procent = serializers.IntegerField()
    wegfactor = serializers.DecimalField(max_digits=3, decimal_places=2)


class DekkingPlanSerializer(serializers.Serializer):
    titel = serializers.CharField()
    geldig_van = serializers.DateField()
    geldig_tot = serializers.DateField()
    opr_instemming_op = serializers.DateField(allow_null=True)
    basisondersteuning = serializers.ListField(child=serializers.CharField(), source="onderdelen",
                                               help_text="Wat elke reguliere school biedt.")
    basis_behoeften = serializers.SerializerMethodField(help_text="Codes van de behoeften in de basisondersteuning.")

    def get_basis_behoeften(self, obj) -> list[str]:
        return sorted(b.code for b in obj.basis_behoeften.all())


class DekkingMetingSerializer(serializers.Serializer):
    datum = serializers.DateField()
    gaten = serializers.IntegerField()


class DekkingSerializer(serializers.Serializer):
    swv = serializers.CharField(source="swv.code", help_text="Code van het samenwerkingsverband.")
    datum = serializers.DateField()
    scholen = serializers.SerializerMethodField(help_text="Scholen in de regio (en met een profiel hier).")
    profielen = serializers.IntegerField(help_text="Daarvan met een ondersteuningsprofiel.")
    scholen_zonder_profiel = serializers.SerializerMethodField(help_text="Vestigingscodes.")
    instellingen = DekkingInstellingenSerializer()
    plan = DekkingPlanSerializer(allow_null=True, help_text="Het huidige ondersteuningsplan.")
    dekking = DekkingBehoefteSerializer(many=True)
    gaten = DekkingGatSerializer(many=True, help_text="Ernstigste eerst.")
    trend = DekkingMetingSerializer(many=True, help_text="Aantal gaten bij de laatste metingen, oudste eerst.")

    def get_scholen(self, obj) -> int:
        return len(obj.scholen)

    def get_scholen_zonder_profiel(self, obj) -> list[str]:
        return [self.context["codes"].get(s.pk, "") for s, p in obj.scholen if p is None]


class EenObjectSchema(PassendAutoSchema):
    """GET on the collection URL that answers one object (not a paged list)."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class DekkingViewSet(ScopedViewSetMixin, viewsets.ViewSet):
    schema = EenObjectSchema()

    @extend_schema(
        summary="Dekking van de regio: per behoefte aanbod, capaciteit, vraag en afstand, met de gatenlijst",
        description="Voor medewerkers van het samenwerkingsverband, schoolbesturen en beheerders. De vraag telt "
        "leerlingen met een lopende aanvraag, een lopend OPP of een geldige TLV; de afstand is hemelsbreed vanaf "
        "het midden van elk postcodegebied, maal de wegfactor.",
        tags=[TAG], responses={200: DekkingSerializer, 403: FOUTEN[403]},
    )
    def list(self, request):
        if not mag_dekking_zien(self.rol):
            raise Geweigerd(GEEN_DEKKING)
        swv = self.rol.swv
        ov = gegevens.overzicht(swv)
        ids = {s.pk for s, _ in ov.scholen} | {a.school_id for d in ov.dekking for a in d.aanbieders}
        codes = dict(School.objects.filter(pk__in=ids).values_list("pk", "vestigingscode"))
        context = {"codes": codes, "behoefte_codes": {d.behoefte.naam: d.behoefte.code for d in ov.dekking}}
        ov.datum = timezone.localdate()
        ov.trend = gegevens.trend(swv, 12)
        return Response(DekkingSerializer(ov, context=context).data)


# --------------------------------------------------------------------------------------------------------
# Plaatsingsverzoeken
# --------------------------------------------------------------------------------------------------------

class PlaatsingLijstSerializer(serializers.ModelSerializer):
    leerling_naam = serializers.CharField(source="leerling.naam", read_only=True)
    status = serializers.CharField(read_only=True, help_text="Status: " + _codes_tekst(Plaatsingsverzoek.Status) + ".")
    status_tekst = serializers.CharField(source="get_status_display", read_only=True)
    behoeften = serializers.SerializerMethodField(help_text="Codes van de gevraagde ondersteuningsbehoeften.")
    vanuit_school = SchoolCodeField(read_only=True, allow_null=True,
                                    help_text="De school die een plaats zoekt (zorgplicht), als die er is.")
    vanuit_school_naam = serializers.SerializerMethodField()
    gekozen_school = SchoolCodeField(read_only=True, allow_null=True)
    gekozen_school_naam = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True, help_text="Zoekt nog, of wacht op de gekozen school.")

    class Meta:
        model = Plaatsingsverzoek
        fields = ["id", "leerling", "leerling_naam", "status", "status_tekst", "is_open", "behoeften", "pc4",
                  "vanuit_school", "vanuit_school_naam", "gekozen_school", "gekozen_school_naam", "aangemaakt",
                  "gekozen_op", "beantwoord_op"]

    def get_behoeften(self, obj) -> list[str]:
        return [b.code for b in obj.behoeften.all()]

    def get_vanuit_school_naam(self, obj) -> str:
        return obj.vanuit_school.naam if obj.vanuit_school_id else ""

    def get_gekozen_school_naam(self, obj) -> str:
        return obj.gekozen_school.naam if obj.gekozen_school_id else ""


class PlaatsingSerializer(PlaatsingLijstSerializer):
    """One request with the choice and the receiving school's answer."""

    aangemaakt_door = serializers.SerializerMethodField()
    gekozen_door = serializers.SerializerMethodField()
    beantwoord_door = serializers.SerializerMethodField()
    mag_wijzigen = serializers.SerializerMethodField(help_text="Mag uw rol voor dit verzoek kiezen of het intrekken?")

    class Meta(PlaatsingLijstSerializer.Meta):
        fields = [*PlaatsingLijstSerializer.Meta.fields, "aanmelding", "toelichting", "aangemaakt_door",
                  "keuze_reden", "gekozen_door", "antwoord_toelichting", "beantwoord_door", "mag_wijzigen"]

    def _naam(self, user) -> str:
        return str(user) if user is not None and _namen_zichtbaar(self) else ""

    def get_aangemaakt_door(self, obj) -> str:
        return self._naam(obj.aangemaakt_door)

    def get_gekozen_door(self, obj) -> str:
        return self._naam(obj.gekozen_door)

    def get_beantwoord_door(self, obj) -> str:
        return self._naam(obj.beantwoord_door)

    def get_mag_wijzigen(self, obj) -> bool:
        return can(_rol(self), "change", obj)


class PlaatsingInvoerSerializer(serializers.Serializer):
    leerling = serializers.PrimaryKeyRelatedField(
        queryset=Leerling.objects.none(), help_text="Id van een leerling die u kunt zien.",
        error_messages={"does_not_exist": "Onbekende leerling: {pk_value}",
                        "incorrect_type": "Geef het nummer (id) van de leerling."})
    behoeften = serializers.ListField(
        child=serializers.SlugField(max_length=30), allow_empty=True,
        help_text="Codes van de ondersteuningsbehoeften (zie behoeften/); minstens één.")
    pc4 = serializers.CharField(required=False, allow_blank=True, default="", max_length=7,
                                help_text="Postcode (4 cijfers) van het woonadres; leeg: die van de leerling.")
    vanuit_school = SchoolCodeField(required=False, allow_null=True, default=None,
                                    help_text="Vestigingscode van de school die een plaats zoekt. Een school met "
                                    "meer dan één vestiging kiest er een van de eigen.")
    aanmelding = serializers.PrimaryKeyRelatedField(
        queryset=Aanmelding.objects.none(), required=False, allow_null=True, default=None,
        help_text="Id van de aanmelding (zorgplicht) waar dit verzoek bij hoort.",
        error_messages={"does_not_exist": "Onbekende aanmelding: {pk_value}",
                        "incorrect_type": "Geef het nummer (id) van de aanmelding."})
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rol = _rol(self)
        if rol is not None:
            self.fields["leerling"].queryset = visible(rol, Leerling)
            self.fields["aanmelding"].queryset = visible(rol, Aanmelding)


class PlaatsingKiezenInvoerSerializer(serializers.Serializer):
    school = SchoolCodeField(help_text="Vestigingscode van de gekozen school (uit de regio, of met een profiel in "
                                       "dit samenwerkingsverband).")
    reden = serializers.CharField(required=False, allow_blank=True, default="", help_text="Waarom deze school.")


class PlaatsingAntwoordInvoerSerializer(serializers.Serializer):
    akkoord = serializers.BooleanField(help_text="true: de school plaatst de leerling; false: de school kan het niet "
                                                 "(met de reden in toelichting).")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class PlaatsingIntrekkenInvoerSerializer(serializers.Serializer):
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class PlaatsingSuggestieSerializer(serializers.Serializer):
    rang = serializers.IntegerField(help_text="1 = past het best.")
    school = serializers.CharField(help_text="Vestigingscode.")
    naam = serializers.CharField(help_text="Naam en plaats van de school.")
    gedekt = serializers.ListField(child=serializers.CharField(), help_text="Codes van de behoeften die de school "
                                                                            "biedt.")
    ontbreekt = serializers.ListField(child=serializers.CharField(), help_text="Codes van de behoeften die de school "
                                                                               "niet biedt.")
    afstand_km = serializers.FloatField(allow_null=True, help_text="Vanaf het midden van het postcodegebied, "
                                                                   "hemelsbreed maal de wegfactor.")
    vrije_plaatsen = serializers.IntegerField(allow_null=True, help_text="Kleinste aantal vrije plaatsen over de "
                                                                         "gedekte behoeften; leeg: geen vaste grens.")
    vol = serializers.BooleanField(help_text="Vol voor een van de behoeften, of een speciale school met wachtlijst.")
    wachtlijst = serializers.BooleanField(help_text="Een speciale school met een wachtlijst (staat daarom lager).")
    redenen = serializers.ListField(child=serializers.CharField(), help_text="Waarom de school hier staat.")


def _params_plaatsingen():
    return [
        filters.param("status", description="Status van het verzoek.", enum=Plaatsingsverzoek.Status.values),
        filters.param("leerling", OpenApiTypes.INT, "Id van de leerling."),
        filters.param("school", description="Vestigingscode van de school die zoekt of die gekozen is."),
    ]


@extend_schema_view(
    list=extend_schema(summary="Plaatsingsverzoeken die u mag zien", tags=[TAG], parameters=_params_plaatsingen()),
    retrieve=extend_schema(summary="Eén plaatsingsverzoek (wordt vastgelegd in de audittrail)", tags=[TAG]),
    create=extend_schema(
        summary="Een passende plaats zoeken voor een leerling (school of samenwerkingsverband)",
        description="Een school die onder haar zorgplicht een andere plaats moet vinden, of de consulent van het "
        "samenwerkingsverband. De gevraagde behoeften worden behoeften van de leerling (de vraag in de dekking). "
        "Per leerling loopt hoogstens één verzoek.",
        tags=[TAG], request=PlaatsingInvoerSerializer, responses={201: PlaatsingSerializer, **FOUTEN_400},
    ),
)
class PlaatsingsverzoekViewSet(ToewijzingViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    model = Plaatsingsverzoek

    def get_serializer_class(self):
        if self.action == "list":
            return PlaatsingLijstSerializer
        if self.action == "create":
            return PlaatsingInvoerSerializer
        return PlaatsingSerializer

    def _basis(self):
        return self.visible().select_related(
            "leerling", "vanuit_school", "gekozen_school", "aangemaakt_door", "gekozen_door", "beantwoord_door",
        ).prefetch_related(Prefetch("behoeften", queryset=Behoefte.objects.only("pk", "code", "volgorde", "naam")))

    def get_queryset(self):
        qs = self._basis()
        if self.action != "list":
            return qs
        params = self.request.query_params
        if waarde := filters.choice(params, "status", Plaatsingsverzoek.Status.choices):
            qs = qs.filter(status=waarde)
        if (leerling := filters.integer(params, "leerling")) is not None:
            qs = qs.filter(leerling_id=leerling)
        if school := filters.text(params, "school").upper():
            qs = qs.filter(Q(vanuit_school__vestigingscode=school) | Q(gekozen_school__vestigingscode=school))
        return qs

    def _detail(self, p, status_code=status.HTTP_200_OK):
        vers = self._basis().filter(pk=p.pk).first() or p
        return Response(PlaatsingSerializer(vers, context=self.get_serializer_context()).data, status=status_code)

    def _invoer(self, request, invoer_class) -> dict:
        invoer = invoer_class(data=request.data, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        return dict(invoer.validated_data)

    def create(self, request, *args, **kwargs):
        if not mag_plaatsen(self.rol):
            raise Geweigerd(GEEN_PLAATSING)
        data = self._invoer(request, PlaatsingInvoerSerializer)
        leerling = data.pop("leerling")
        codes = data.pop("behoeften")
        bekend = {b.code: b for b in services.behoeften_van(leerling.swv_id)}
        onbekend = [c for c in codes if c not in bekend]
        if onbekend:
            raise exceptions.ValidationError({"behoeften": [f"Onbekende behoefte: {', '.join(onbekend)}."]})
        with diensten(leerling):
            p = services.plaatsing_starten(self.rol, leerling, behoeften=[bekend[c] for c in dict.fromkeys(codes)],
                                           **data)
        return self._detail(p, status.HTTP_201_CREATED)

    @extend_schema(
        summary="School kiezen voor de leerling (wacht daarna op de bevestiging van die school)",
        description="Door het samenwerkingsverband of de school die zoekt; ook opnieuw na een afwijzing. Een school "
        "uit de regio, of een school met een ondersteuningsprofiel in dit samenwerkingsverband.",
        tags=[TAG], request=PlaatsingKiezenInvoerSerializer, responses={200: PlaatsingSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="kiezen", url_name="kiezen")
    def kiezen(self, request, pk=None):
        p = self.zichtbaar(Plaatsingsverzoek, pk)
        data = self._invoer(request, PlaatsingKiezenInvoerSerializer)
        with diensten(p):
            p = services.plaatsing_kiezen(self.rol, p, data["school"], reden=data["reden"])
        return self._detail(p)

    @extend_schema(
        summary="Antwoord van de gekozen school: bevestigen of afwijzen (met reden)",
        description="Door de gekozen school, of door het samenwerkingsverband namens de school. Na een afwijzing "
        "kan opnieuw een school gekozen worden.",
        tags=[TAG], request=PlaatsingAntwoordInvoerSerializer, responses={200: PlaatsingSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="antwoord", url_name="antwoord")
    def antwoord(self, request, pk=None):
        p = self.zichtbaar(Plaatsingsverzoek, pk)
        data = self._invoer(request, PlaatsingAntwoordInvoerSerializer)
        with diensten(p):
            p = services.plaatsing_beantwoorden(self.rol, p, akkoord=data["akkoord"], toelichting=data["toelichting"])
        return self._detail(p)

    @extend_schema(
        summary="Plaatsingsverzoek intrekken (de school die zoekt, of het samenwerkingsverband)",
        description="De gekozen school trekt niet in maar wijst af (antwoord/).",
        tags=[TAG], request=PlaatsingIntrekkenInvoerSerializer, responses={200: PlaatsingSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="intrekken", url_name="intrekken")
    def intrekken(self, request, pk=None):
        p = self.zichtbaar(Plaatsingsverzoek, pk)
        data = self._invoer(request, PlaatsingIntrekkenInvoerSerializer)
        with diensten(p):
            p = services.plaatsing_intrekken(self.rol, p, toelichting=data["toelichting"])
        return self._detail(p)

    @extend_schema(
        summary="Passende scholen voor dit verzoek, best passend eerst, met de redenen (wordt vastgelegd in de "
        "audittrail)",
        description="Gerangschikt op: meer gevraagde behoeften geboden, niet vol vóór vol (ook een wachtlijst), "
        "kortere afstand, hoger niveau. De school die zoekt, en een school die het verzoek heeft afgewezen, staan er "
        "niet in.",
        tags=[TAG],
        parameters=[filters.param("aantal", OpenApiTypes.INT, f"Hoeveel scholen (standaard 10, hoogstens "
                                                              f"{MAX_SUGGESTIES}).")],
        request=None, responses={200: PlaatsingSuggestieSerializer(many=True), 404: FOUTEN[404]},
    )
    @action(detail=True, methods=["get"], url_path="suggesties", url_name="suggesties", pagination_class=None)
    def suggesties(self, request, pk=None):
        p = self.zichtbaar(Plaatsingsverzoek, pk)
        aantal = filters.integer(request.query_params, "aantal")
        aantal = 10 if aantal is None else aantal
        if not 1 <= aantal <= MAX_SUGGESTIES:
            raise exceptions.ValidationError({"aantal": [f"Kies een aantal van 1 tot {MAX_SUGGESTIES}."]})
        record_view(p, omschrijving="Plaatsingssuggesties bekeken via API")
        uitsluiten = {p.vanuit_school_id} - {None}
        if p.status == Plaatsingsverzoek.Status.AFGEWEZEN and p.gekozen_school_id:
            uitsluiten.add(p.gekozen_school_id)
        lijst = gegevens.suggesties(p.swv, [b.code for b in p.behoeften.all()], p.pc4, uitsluiten=uitsluiten,
                                    max_aantal=aantal)
        codes = dict(School.objects.filter(pk__in=[s.school_id for s in lijst]).values_list("pk", "vestigingscode"))
        rijen = [{"rang": i, "school": codes.get(s.school_id, ""), "naam": s.naam, "gedekt": s.gedekt,
                  "ontbreekt": s.ontbreekt, "afstand_km": s.afstand_km, "vrije_plaatsen": s.vrije_plaatsen,
                  "vol": s.vol, "wachtlijst": s.wachtlijst, "redenen": s.redenen} for i, s in enumerate(lijst, 1)]
        return Response(PlaatsingSuggestieSerializer(rijen, many=True).data)


def registreer(router):
    router.register("behoeften", BehoefteViewSet, basename="behoefte")
    router.register("schoolprofielen", SchoolprofielViewSet, basename="schoolprofiel")
    router.register("dekking", DekkingViewSet, basename="dekking")
    router.register("plaatsingsverzoeken", PlaatsingsverzoekViewSet, basename="plaatsingsverzoek")

