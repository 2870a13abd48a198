"""REST API of leerlingenvervoer under /api/v1/: transport requests with their proposed decision and the gemeente's
decision, the gemeente's vehicles, and route plannings in the background.

The same rules as the pages and the other modules' APIs (passend/netwerk/api.py, passend/toewijzing/api.py): rows
come from passend.core.access.visible() for the active role (a row outside it is a 404), every write goes through
passend.vervoer.services, which checks access and the rules inside its transaction. Wrong input is a 400 with the
service's Dutch message; a refusal is a 403 (written to the audit trail when it concerns a request). Reading one
request is written to the audit trail (it is pupil data).

The gemeente (vervoer role) gets what the decision needs and nothing more: the pupil's name and age (no date of
birth, no address but the postcode's four digits), the school and its type, the valid TLV (type, category, end
date), the needs for the ride and the proposal with its reasons.

- vervoersaanvragen/                    list (?status, ?vorm, ?leerling), read, submit (parent, school, SWV staff)
- vervoersaanvragen/{id}/besluit/       the gemeente confirms or departs from the proposal
- vervoersaanvragen/{id}/voorstel/      the gemeente computes the proposal again
- voertuigen/                           list, read, add, change (the gemeente's vervoer role only)
- routeplanningen/                      list, read (routes, stops, ride times, figures), start (202: in the background)
"""

import datetime as dt

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from passend.accounts.models import BETROKKENEN
from passend.api import filters
from passend.api.exceptions import Geweigerd
from passend.core.access import can, visible
from passend.core.jobs import live_voortgang
from passend.register.models import Leerling
from passend.toewijzing.api import FOUTEN, ToewijzingViewSetMixin, diensten
from passend.toewijzing.models import Tlv

from . import gegevens, services
from .models import Routeplanning, Vervoersaanvraag, Voertuig, Vorm
from .toegang import is_vervoer, mag_aanvragen

TAG = "leerlingenvervoer"
FOUTEN_400 = {
    **FOUTEN,
    400: OpenApiResponse(description="Ongeldige invoer, of de stap kan nu niet, met de reden: "
                                     "{\"detail\": ..., \"fouten\": {veld: [melding]}}."),
}
GEEN_AANVRAAG = "U kunt voor deze leerling geen vervoer aanvragen."  # as services.aanvraag_indienen says
GEEN_VOERTUIGEN = "Alleen de gemeente beheert de voertuigen."  # as services.voertuig_opslaan says
GEEN_PLANNING = "Alleen de gemeente plant de routes."  # as services.planning_starten says
TOEGEKENDE_VORMEN = [(v.value, v.label) for v in (Vorm.AANGEPAST, Vorm.OV, Vorm.FIETS)]


def _rol(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", None), "rol", None)


def _codes_tekst(keuzes) -> str:
    return ", ".join(f"`{c.value}` ({c.label})" for c in keuzes)


def _namen_zichtbaar(serializer) -> bool:
    """Parents and the pupil see what happened, not which staff member did it (as on the other modules' pages)."""
    rol = _rol(serializer)
    return rol is None or rol.rol not in BETROKKENEN


def _geldige_tlvs():
    """The TLV's valid today, newest end date first (the gemeente sees only type, category and end date)."""
    vandaag = timezone.localdate()
    return Prefetch(
        "leerling__tlvs", to_attr="geldige_tlvs",
        queryset=Tlv.objects.filter(begindatum__lte=vandaag, einddatum__gte=vandaag)
        .filter(Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gt=vandaag))
        .only("pk", "leerling_id", "soort", "categorie", "einddatum").order_by("-einddatum", "-pk"))


# --------------------------------------------------------------------------------------------------------
# Vervoersaanvragen
# --------------------------------------------------------------------------------------------------------

class VervoerTlvSerializer(serializers.Serializer):
    soort = serializers.CharField(help_text="Soort TLV: sbo, so, vso of pro.")
    soort_tekst = serializers.CharField(source="get_soort_display")
    categorie = serializers.CharField(help_text="Bekostigingscategorie (laag, midden, hoog); leeg bij SBO en PrO.")
    einddatum = serializers.DateField(help_text="Geldig tot en met.")


class VervoerVoorstelSerializer(serializers.Serializer):
    recht = serializers.BooleanField(help_text="Recht op vervoer volgens de verordening.")
    vorm = serializers.CharField(help_text="Voorgestelde vorm: " + _codes_tekst(Vorm) + ".")
    redenen = serializers.ListField(child=serializers.CharField(), help_text="De redenen, in volgorde.")
    eigen_bijdrage = serializers.CharField(allow_null=True, help_text="Eigen bijdrage per schooljaar in euro "
                                                                      "(bijv. \"622.50\"); leeg: geen.")
    draagkracht = serializers.BooleanField(help_text="Ook een bijdrage naar draagkracht (de gemeente stelt die per "
                                                     "geval vast).")


class VervoersaanvraagLijstSerializer(serializers.ModelSerializer):
    leerling_naam = serializers.CharField(source="leerling.naam", read_only=True)
    leeftijd = serializers.SerializerMethodField(help_text="Leeftijd in jaren (geen geboortedatum).")
    school = serializers.CharField(source="school.vestigingscode", read_only=True, help_text="Vestigingscode.")
    school_naam = serializers.CharField(source="school.naam", read_only=True)
    school_plaats = serializers.CharField(source="school.plaats", read_only=True)
    school_soort = serializers.CharField(source="school.soort", read_only=True,
                                         help_text="Soort school uit het register (BAO, SBO, SO, VSO, SO/VSO, VO).")
    gemeente = serializers.CharField(source="gemeente.naam", read_only=True,
                                     help_text="De gemeente van het woonadres, die besluit.")
    tlv = serializers.SerializerMethodField(help_text="De geldige TLV (soort, categorie, einddatum), als die er is.")
    status = serializers.CharField(read_only=True, help_text="Status: " + _codes_tekst(Vervoersaanvraag.Status) + ".")
    status_tekst = serializers.CharField(source="get_status_display", read_only=True)
    vorm = serializers.CharField(read_only=True, help_text="Toegekende vorm na het besluit: " + _codes_tekst(Vorm)
                                 + "; leeg zolang er geen besluit is.")
    voorstel = serializers.SerializerMethodField(help_text="Uitkomst van de regels van de verordening, met de "
                                                           "redenen: het voorstel dat de gemeente bevestigt.")

    class Meta:
        model = Vervoersaanvraag
        fields = ["id", "leerling", "leerling_naam", "leeftijd", "pc4", "school", "school_naam", "school_plaats",
                  "school_soort", "gemeente", "schooljaar", "tlv", "kan_zelfstandig_reizen", "beperking", "rolstoel",
                  "alleen_reizen", "max_rit_minuten", "status", "status_tekst", "voorstel", "vorm", "eigen_bijdrage",
                  "besloten_op", "aangemaakt"]
        read_only_fields = fields

    def get_leeftijd(self, obj) -> int:
        return obj.leerling.leeftijd()

    @extend_schema_field(VervoerTlvSerializer(allow_null=True))
    def get_tlv(self, obj):
        tlvs = getattr(obj.leerling, "geldige_tlvs", None)
        if tlvs is None:  # not prefetched (a single object fresh from a service)
            tlv = gegevens.geldige_tlv(obj.leerling)
        else:
            tlv = tlvs[0] if tlvs else None
        return VervoerTlvSerializer(tlv).data if tlv is not None else None

    @extend_schema_field(VervoerVoorstelSerializer)
    def get_voorstel(self, obj):
        v = obj.voorstel or {}
        return {"recht": bool(v.get("recht")), "vorm": v.get("vorm", ""), "redenen": list(v.get("redenen", [])),
                "eigen_bijdrage": v.get("eigen_bijdrage"), "draagkracht": bool(v.get("draagkracht"))}


class VervoersaanvraagSerializer(VervoersaanvraagLijstSerializer):
    """One request with what the driver must know, the requester's explanation and the decision."""

    besloten_door = serializers.SerializerMethodField()
    mag_besluiten = serializers.SerializerMethodField(help_text="Mag uw rol over deze aanvraag besluiten (de "
                                                                "gemeente van het woonadres, zolang ingediend)?")

    class Meta(VervoersaanvraagLijstSerializer.Meta):
        fields = [*VervoersaanvraagLijstSerializer.Meta.fields, "chauffeur_info", "inkomen_boven_grens",
                  "toelichting", "motivering", "besloten_door", "mag_besluiten"]
        read_only_fields = fields

    def get_besloten_door(self, obj) -> str:
        return str(obj.besloten_door) if obj.besloten_door_id and _namen_zichtbaar(self) else ""

    def get_mag_besluiten(self, obj) -> bool:
        rol = _rol(self)
        return (obj.status == Vervoersaanvraag.Status.INGEDIEND and is_vervoer(rol)
                and can(rol, "change", obj))


class VervoersaanvraagInvoerSerializer(serializers.Serializer):
    leerling = serializers.PrimaryKeyRelatedField(
        queryset=Leerling.objects.none(), help_text="Id van een leerling die u kunt zien (een ouder: het eigen kind).",
        error_messages={"does_not_exist": "Onbekende leerling: {pk_value}",
                        "incorrect_type": "Geef het nummer (id) van de leerling."})
    kan_zelfstandig_reizen = serializers.BooleanField(
        required=False, default=False, help_text="Kan de leerling zelfstandig met het openbaar vervoer of de fiets "
                                                 "reizen?")
    beperking = serializers.BooleanField(required=False, default=False, help_text="Een structurele lichamelijke, "
                                         "verstandelijke of zintuiglijke beperking.")
    rolstoel = serializers.BooleanField(required=False, default=False)
    alleen_reizen = serializers.BooleanField(required=False, default=False, help_text="Moet alleen reizen (niet met "
                                                                                      "andere leerlingen).")
    max_rit_minuten = serializers.IntegerField(required=False, allow_null=True, default=None,
                                               help_text="Eigen grootste ritduur in minuten (10 tot 180); leeg: die "
                                                         "van de gemeente.")
    chauffeur_info = serializers.CharField(required=False, allow_blank=True, default="", max_length=300,
                                           help_text="Alleen wat de chauffeur moet weten voor een veilige rit; dit "
                                                     "staat op de ritlijst.")
    inkomen_boven_grens = serializers.BooleanField(required=False, allow_null=True, default=None,
                                                   help_text="Inkomen van de ouders boven de grens van de "
                                                             "verordening (eigen bijdrage); leeg: onbekend.")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rol = _rol(self)
        if rol is not None:
            self.fields["leerling"].queryset = visible(rol, Leerling)


class VervoerBesluitInvoerSerializer(serializers.Serializer):
    toekennen = serializers.BooleanField(help_text="true: recht op vervoer; false: afwijzen.")
    vorm = serializers.ChoiceField(TOEGEKENDE_VORMEN, required=False, allow_blank=True, default="",
                                   help_text="Bij toekennen: de vorm; leeg: die van het voorstel.")
    eigen_bijdrage = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True,
                                              default=None, help_text="Eigen bijdrage per schooljaar in euro; leeg: "
                                                                      "die van het voorstel.")
    motivering = serializers.CharField(required=False, allow_blank=True, default="",
                                       help_text="Verplicht als het besluit afwijkt van het voorstel.")


def _params_aanvragen():
    return [
        filters.param("status", description="Status van de aanvraag.", enum=Vervoersaanvraag.Status.values),
        filters.param("vorm", description="Toegekende vorm van het vervoer.", enum=Vorm.values),
        filters.param("leerling", OpenApiTypes.INT, "Id van de leerling."),
    ]


@extend_schema_view(
    list=extend_schema(summary="Vervoersaanvragen die u mag zien", description="De gemeente (rol vervoer) ziet de "
                       "aanvragen van leerlingen die in de gemeente wonen; het samenwerkingsverband alle, een school "
                       "die van haar leerlingen, ouders die van hun kind.", tags=[TAG],
                       parameters=_params_aanvragen()),
    retrieve=extend_schema(summary="Eén vervoersaanvraag (wordt vastgelegd in de audittrail)", tags=[TAG]),
    create=extend_schema(
        summary="Vervoer aanvragen voor dit schooljaar (ouder, school of samenwerkingsverband)",
        description="De school en de TLV komen uit het register: niemand hoeft ze opnieuw aan te leveren. De gemeente "
        "van het woonadres besluit; Passend berekent meteen een voorstel volgens haar verordening. Per leerling en "
        "schooljaar één aanvraag.",
        tags=[TAG], request=VervoersaanvraagInvoerSerializer,
        responses={201: VervoersaanvraagSerializer, **FOUTEN_400},
    ),
)
class VervoersaanvraagViewSet(ToewijzingViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              viewsets.GenericViewSet):
    model = Vervoersaanvraag

    def get_serializer_class(self):
        if self.action == "list":
            return VervoersaanvraagLijstSerializer
        if self.action == "create":
            return VervoersaanvraagInvoerSerializer
        return VervoersaanvraagSerializer

    def _basis(self):
        return self.visible().select_related("leerling", "school", "gemeente", "besloten_door").prefetch_related(
            _geldige_tlvs())

    def get_queryset(self):
        qs = self._basis()
        if self.action != "list":
            return qs
        params = self.request.query_params
        if waarde := filters.choice(params, "status", Vervoersaanvraag.Status.choices):
            qs = qs.filter(status=waarde)
        if waarde := filters.choice(params, "vorm", Vorm.choices):
            qs = qs.filter(vorm=waarde)
        if (leerling := filters.integer(params, "leerling")) is not None:
            qs = qs.filter(leerling_id=leerling)
        return qs

    def _detail(self, a, status_code=status.HTTP_200_OK):
        vers = self._basis().filter(pk=a.pk).first() or a
        return Response(VervoersaanvraagSerializer(vers, context=self.get_serializer_context()).data,
                        status=status_code)

    def create(self, request, *args, **kwargs):
        if not mag_aanvragen(self.rol):
            raise Geweigerd(GEEN_AANVRAAG)
        invoer = VervoersaanvraagInvoerSerializer(data=request.data, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        data = dict(invoer.validated_data)
        leerling = data.pop("leerling")
        with diensten(leerling):
            a = services.aanvraag_indienen(self.rol, leerling, **data)
        return self._detail(a, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Besluit van de gemeente: het voorstel bevestigen of ervan afwijken (met motivering)",
        description="Alleen de gemeente van het woonadres (rol vervoer), zolang de aanvraag is ingediend. Een besluit "
        "dat afwijkt van het voorstel (ander recht of andere vorm) vraagt een motivering; een toekenning een vorm "
        "(leeg: die van het voorstel).",
        tags=[TAG], request=VervoerBesluitInvoerSerializer, responses={200: VervoersaanvraagSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="besluit", url_name="besluit")
    def besluit(self, request, pk=None):
        a = self.zichtbaar(Vervoersaanvraag, pk)
        invoer = VervoerBesluitInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        data = invoer.validated_data
        with diensten(a):
            a = services.besluiten(self.rol, a, toekennen=data["toekennen"], vorm=data["vorm"],
                                   eigen_bijdrage=data["eigen_bijdrage"], motivering=data["motivering"])
        return self._detail(a)

    @extend_schema(
        summary="Voorstel opnieuw berekenen (na een wijziging van de verordening of het adres)",
        description="Alleen de gemeente van het woonadres (rol vervoer), zolang er niet is besloten.",
        tags=[TAG], request=None, responses={200: VervoersaanvraagSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="voorstel", url_name="voorstel")
    def voorstel(self, request, pk=None):
        a = self.zichtbaar(Vervoersaanvraag, pk)
        with diensten(a):
            a = services.voorstel_vernieuwen(self.rol, a)
        return self._detail(a)


# --------------------------------------------------------------------------------------------------------
# Voertuigen
# --------------------------------------------------------------------------------------------------------

class VoertuigSerializer(serializers.ModelSerializer):
    beschikbaar_van = serializers.TimeField(format="%H:%M", read_only=True)
    beschikbaar_tot = serializers.TimeField(format="%H:%M", read_only=True)

    class Meta:
        model = Voertuig
        fields = ["id", "naam", "zitplaatsen", "rolstoelplaatsen", "depot_pc4", "beschikbaar_van", "beschikbaar_tot",
                  "actief"]
        read_only_fields = fields


class VoertuigInvoerSerializer(serializers.Serializer):
    """The whole vehicle (POST, PUT) or only the fields you send (PATCH)."""

    naam = serializers.CharField(max_length=100, allow_blank=True)
    zitplaatsen = serializers.IntegerField(help_text="Zitplaatsen voor leerlingen (1 tot 60).")
    rolstoelplaatsen = serializers.IntegerField(required=False, default=0, help_text="0 tot 10.")
    depot_pc4 = serializers.CharField(max_length=4, help_text="Standplaats: postcode (4 cijfers), het vertrekpunt.")
    beschikbaar_van = serializers.TimeField(required=False, default=dt.time(7, 0), help_text="Bijv. 07:00.")
    beschikbaar_tot = serializers.TimeField(required=False, default=dt.time(9, 30), help_text="Bijv. 09:30.")
    actief = serializers.BooleanField(required=False, default=True, help_text="Alleen actieve voertuigen worden "
                                                                              "ingepland.")


VOERTUIG_VELDEN = ("naam", "zitplaatsen", "rolstoelplaatsen", "depot_pc4", "beschikbaar_van", "beschikbaar_tot",
                   "actief")


class AlleenGemeenteMixin(ToewijzingViewSetMixin):
    """Only the gemeente's vervoer role: any other role is refused (403) whatever it asks."""

    weigering = ""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not is_vervoer(self.rol):
            raise Geweigerd(self.weigering)


@extend_schema_view(
    list=extend_schema(summary="Voertuigen van uw gemeente (rol vervoer)", tags=[TAG],
                       responses={200: VoertuigSerializer(many=True), 403: FOUTEN[403]}),
    retrieve=extend_schema(summary="Eén voertuig", tags=[TAG], responses={200: VoertuigSerializer, **FOUTEN}),
    create=extend_schema(summary="Voertuig toevoegen", tags=[TAG], request=VoertuigInvoerSerializer,
                         responses={201: VoertuigSerializer, **FOUTEN_400}),
    update=extend_schema(summary="Voertuig wijzigen (alle velden)", tags=[TAG], request=VoertuigInvoerSerializer,
                         responses={200: VoertuigSerializer, **FOUTEN_400}),
    partial_update=extend_schema(summary="Voertuig deels wijzigen (alleen wat u meestuurt)", tags=[TAG],
                                 request=VoertuigInvoerSerializer, responses={200: VoertuigSerializer, **FOUTEN_400}),
)
class VoertuigViewSet(AlleenGemeenteMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    model = Voertuig
    serializer_class = VoertuigSerializer
    weigering = GEEN_VOERTUIGEN
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def retrieve(self, request, *args, **kwargs):  # no pupil data: no audit row for reading
        return Response(self.get_serializer(self.get_object()).data)

    def _opslaan(self, request, voertuig, partial: bool = False):
        invoer = VoertuigInvoerSerializer(data=request.data, partial=partial)
        invoer.is_valid(raise_exception=True)
        data = dict(invoer.validated_data)
        waarden = {veld: data[veld] if veld in data else getattr(voertuig, veld) for veld in VOERTUIG_VELDEN}
        with diensten():
            v = services.voertuig_opslaan(self.rol, voertuig, **waarden)
        return Response(VoertuigSerializer(v, context=self.get_serializer_context()).data,
                        status=status.HTTP_200_OK if voertuig else status.HTTP_201_CREATED)

    def create(self, request, *args, **kwargs):
        return self._opslaan(request, None)

    def update(self, request, *args, **kwargs):
        return self._opslaan(request, self.get_object(), partial=kwargs.get("partial", False))

    def partial_update(self, request, *args, **kwargs):
        return self._opslaan(request, self.get_object(), partial=True)


# --------------------------------------------------------------------------------------------------------
# Routeplanningen
# --------------------------------------------------------------------------------------------------------

class KengetallenSerializer(serializers.Serializer):
    leerlingen = serializers.IntegerField(help_text="Leerlingen met toegekend aangepast vervoer in de planning.")
    ingepland = serializers.IntegerField()
    voertuigen = serializers.IntegerField(help_text="Gebruikte voertuigen.")
    km = serializers.FloatField(help_text="Totale afstand over de weg (benadering: hemelsbreed maal de wegfactor).")
    langste_rit = serializers.FloatField(help_text="Langste ritduur van een leerling in minuten.")
    gemiddelde_rit = serializers.FloatField(help_text="Gemiddelde ritduur in minuten.")
    seconden = serializers.FloatField(help_text="Gebruikte rekentijd.")
    gecontroleerd = serializers.DateTimeField(required=False, help_text="Wanneer de eigen controle elke route "
                                                                        "goedkeurde.")


class HalteSerializer(serializers.Serializer):
    aanvraag = serializers.IntegerField(help_text="Id van de vervoersaanvraag (de leerling).")
    soort = serializers.CharField(help_text="`ophaal` of `aflever`.")
    tijd = serializers.CharField(help_text="Kloktijd, bijv. 07:52.")
    minuut = serializers.FloatField(help_text="Minuten na middernacht.")
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class RouteSerializer(serializers.Serializer):
    voertuig = serializers.IntegerField(help_text="Id van het voertuig.")
    naam = serializers.CharField()
    vertrek = serializers.CharField(help_text="Vertrek van de standplaats, bijv. 07:41.")
    terug = serializers.CharField(help_text="Terug op de standplaats.")
    depot = serializers.ListField(child=serializers.FloatField(), help_text="[lat, lon] van de standplaats.")
    km = serializers.FloatField()
    haltes = HalteSerializer(many=True)


class PlanningResultaatSerializer(serializers.Serializer):
    routes = RouteSerializer(many=True)
    rittijden = serializers.DictField(child=serializers.FloatField(), help_text="Ritduur in minuten per "
                                                                                "vervoersaanvraag (id).")
    niet_ingepland = serializers.ListField(child=serializers.IntegerField(), help_text="Ids van aanvragen die niet "
                                                                                        "in te plannen waren.")


class RouteplanningLijstSerializer(serializers.ModelSerializer):
    richting = serializers.CharField(read_only=True, help_text="Richting: " + _codes_tekst(Routeplanning.Richting)
                                     + ".")
    richting_tekst = serializers.CharField(source="get_richting_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text="Status: " + _codes_tekst(Routeplanning.Status) + ".")
    status_tekst = serializers.CharField(source="get_status_display", read_only=True)
    job = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True,
                                             help_text="Id van de achtergrondtaak (voortgang op /taken/{id}/).")
    voortgang = serializers.SerializerMethodField(help_text="Procent gereed van de achtergrondtaak.")
    bericht = serializers.SerializerMethodField(help_text="Wat de taak nu doet, of waarom hij mislukte.")
    kengetallen = serializers.SerializerMethodField(help_text="Als de planning klaar is.")
    aangemaakt_door = serializers.SerializerMethodField()

    class Meta:
        model = Routeplanning
        fields = ["id", "richting", "richting_tekst", "seconden", "status", "status_tekst", "job", "voortgang",
                  "bericht", "kengetallen", "fout", "aangemaakt", "aangemaakt_door"]
        read_only_fields = fields

    def get_voortgang(self, obj) -> int:
        if obj.status == Routeplanning.Status.KLAAR:
            return 100
        return live_voortgang(obj.job).voortgang if obj.job_id else 0

    def get_bericht(self, obj) -> str:
        return live_voortgang(obj.job).bericht if obj.job_id else ""

    @extend_schema_field(KengetallenSerializer(allow_null=True))
    def get_kengetallen(self, obj):
        return obj.kengetallen or None if obj.status == Routeplanning.Status.KLAAR else None

    def get_aangemaakt_door(self, obj) -> str:
        return str(obj.aangemaakt_door) if obj.aangemaakt_door_id else ""


class RouteplanningSerializer(RouteplanningLijstSerializer):
    """One planning with its routes: per vehicle the stops in order with clock times, each pupil's ride time."""

    resultaat = serializers.SerializerMethodField(help_text="De routes, als de planning klaar is (door de eigen "
                                                            "controle goedgekeurd).")

    class Meta(RouteplanningLijstSerializer.Meta):
        fields = [*RouteplanningLijstSerializer.Meta.fields, "resultaat"]
        read_only_fields = fields

    @extend_schema_field(PlanningResultaatSerializer(allow_null=True))
    def get_resultaat(self, obj):
        return obj.resultaat or None if obj.status == Routeplanning.Status.KLAAR else None


class RouteplanningInvoerSerializer(serializers.Serializer):
    richting = serializers.ChoiceField(Routeplanning.Richting.choices, required=False,
                                       default=Routeplanning.Richting.HEEN,
                                       help_text="Richting: " + _codes_tekst(Routeplanning.Richting) + ".")
    seconden = serializers.IntegerField(required=False, default=30, help_text="Rekentijd in seconden (1 tot 600).")


@extend_schema_view(
    list=extend_schema(summary="Routeplanningen van uw gemeente (rol vervoer), nieuwste eerst", tags=[TAG],
                       responses={200: RouteplanningLijstSerializer(many=True), 403: FOUTEN[403]}),
    retrieve=extend_schema(summary="Eén routeplanning met de routes, haltes en ritduren", tags=[TAG],
                           responses={200: RouteplanningSerializer, **FOUTEN}),
    create=extend_schema(
        summary="Routes plannen (op de achtergrond)",
        description="Plant de leerlingen met toegekend aangepast vervoer van uw gemeente over de actieve voertuigen. "
        "Het antwoord komt meteen (202) met de planning; de header Location wijst naar de planning, die u opvraagt "
        "tot de status `klaar` (of `fout`) is. Een route die een eis breekt (plaatsen, tijden, ritduur) wordt nooit "
        "als geldig getoond.",
        tags=[TAG], request=RouteplanningInvoerSerializer,
        responses={202: RouteplanningSerializer, **FOUTEN_400},
    ),
)
class RouteplanningViewSet(AlleenGemeenteMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           mixins.CreateModelMixin, viewsets.GenericViewSet):
    model = Routeplanning
    weigering = GEEN_PLANNING

    def get_serializer_class(self):
        if self.action == "list":
            return RouteplanningLijstSerializer
        if self.action == "create":
            return RouteplanningInvoerSerializer
        return RouteplanningSerializer

    def get_queryset(self):
        return self.visible().select_related("job", "aangemaakt_door")

    def create(self, request, *args, **kwargs):
        invoer = RouteplanningInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten():
            p = services.planning_starten(self.rol, **invoer.validated_data)
        # The job is queued when the planning is committed (already, outside a test's transaction).
        p = self.get_queryset().get(pk=p.pk)
        url = request.build_absolute_uri(reverse("api:routeplanning-detail", args=[p.pk]))
        return Response(RouteplanningSerializer(p, context=self.get_serializer_context()).data,
                        status=status.HTTP_202_ACCEPTED, headers={"Location": url})


def registreer(router):
    router.register("vervoersaanvragen", VervoersaanvraagViewSet, basename="vervoersaanvraag")
    router.register("voertuigen", VoertuigViewSet, basename="voertuig")
    router.register("routeplanningen", RouteplanningViewSet, basename="routeplanning")

