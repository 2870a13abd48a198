"""REST API for the zorgplicht under /api/v1/aanmeldingen/: written aanmeldingen at a school, their live
deadlines and the school's decision.

The same rules as the pages and as the toewijzing API (passend/toewijzing/api.py): rows come from
passend.core.access.visible() for the active role (a row outside it is a 404), every write goes through
passend.zorgplicht.services, which checks access and the legal rules inside its transaction. Wrong input or a
step that is not possible now is a 400 with the service's Dutch message; a refusal is a 403 (written to the
audit trail). Reading one aanmelding is written to the audit trail.
"""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from passend.accounts.models import Rol
from passend.api import filters
from passend.api.exceptions import Geweigerd
from passend.api.serializers import POSTCODE_RE, SchoolCodeField
from passend.core.access import visible
from passend.register.models import Leerling, OuderKind
from passend.toewijzing.api import FOUTEN, ToewijzingViewSetMixin, diensten

from . import regels, services
from .models import OPEN_STATUSSEN, Aanmelding, Stap, Status, Weigergrond, Zorgplichtinstellingen

TAG = "zorgplicht"
TERMIJN_STATUSSEN = ("op_tijd", "bijna", "verlopen", "tijdelijke_plaatsing")
FOUTEN_STAP = {
    **FOUTEN,
    400: OpenApiResponse(description="Ongeldige invoer of een stap die nu niet kan, met de reden: "
                                     "{\"detail\": ..., \"fouten\": {veld: [melding]} of [melding]}."),
}


def _rol(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", None), "rol", None)


# --------------------------------------------------------------------------------------------------------
# Serializers: what is shown
# --------------------------------------------------------------------------------------------------------

class AanmeldingStapSerializer(serializers.ModelSerializer):
    door = serializers.SerializerMethodField()

    class Meta:
        model = Stap
        fields = ["id", "tijdstip", "door", "rol", "tekst", "toelichting"]

    def get_door(self, obj) -> str:
        return str(obj.user) if obj.user_id else "systeem"


class AanmeldingLijstSerializer(serializers.ModelSerializer):
    leerling_naam = serializers.CharField(source="leerling.naam", read_only=True)
    school = SchoolCodeField(read_only=True)
    school_naam = serializers.CharField(source="school.naam", read_only=True)
    andere_school = SchoolCodeField(read_only=True, allow_null=True)
    andere_school_naam = serializers.SerializerMethodField()
    heeft_zorgplicht = serializers.BooleanField(
        read_only=True, help_text="Deze school is de eerste voorkeur van de ouders en heeft dus de zorgplicht.")
    beslissen_uiterlijk = serializers.SerializerMethodField(
        help_text="De termijn die nu geldt: 6 weken na ontvangst, of na de verlenging 6 weken plus het gekozen "
        "aantal weken (`verlenging_weken`, 1 tot en met 4).")
    verlenging_weken = serializers.SerializerMethodField(
        help_text="Met hoeveel weken de school de termijn verlengde (1 tot en met 4); leeg als er niet is verlengd.")
    termijn_status = serializers.SerializerMethodField(
        help_text="Alleen bij een open aanmelding (anders leeg): op_tijd, bijna (binnen de waarschuwingstermijn "
        "van het samenwerkingsverband), verlopen of tijdelijke_plaatsing (10 weken voorbij zonder besluit).")
    dagen_tot_termijn = serializers.SerializerMethodField(
        help_text="Dagen tot de termijn (negatief: voorbij); leeg als er al is besloten.")
    recht_op_tijdelijke_plaatsing = serializers.SerializerMethodField(
        help_text="Na 10 weken zonder besluit heeft de leerling recht op tijdelijke plaatsing op deze school (10 "
        "weken na ontvangst, ook als de school korter dan 4 weken verlengde).")

    class Meta:
        model = Aanmelding
        fields = ["id", "status", "leerling", "leerling_naam", "school", "school_naam", "ontvangen_op",
                  "gewenste_startdatum", "voorkeur", "heeft_zorgplicht", "extra_ondersteuning_verwacht",
                  "beslissen_uiterlijk", "termijn_status", "dagen_tot_termijn", "recht_op_tijdelijke_plaatsing",
                  "verlengd_op", "verlenging_weken", "besloten_op", "met_extra_ondersteuning", "weigergrond",
                  "andere_school",
                  "andere_school_naam", "andere_school_bevestigd_op", "hulpvraag"]

    def _waarschuwen(self, obj) -> int:
        per_swv = self.context.setdefault("_waarschuwen_dagen", {})
        if obj.swv_id not in per_swv:
            per_swv[obj.swv_id] = Zorgplichtinstellingen.voor(obj.swv_id).waarschuwen_dagen
        return per_swv[obj.swv_id]

    def get_andere_school_naam(self, obj) -> str:
        return obj.andere_school.naam if obj.andere_school_id else ""

    @extend_schema_field(OpenApiTypes.DATE)
    def get_beslissen_uiterlijk(self, obj):
        return obj.geldende_termijn.isoformat()

    def get_verlenging_weken(self, obj) -> int | None:
        return obj.verlenging_weken if obj.is_verlengd else None

    @extend_schema_field(serializers.ChoiceField(choices=[(s, s) for s in TERMIJN_STATUSSEN], allow_null=True))
    def get_termijn_status(self, obj):
        if not obj.is_open:
            return None
        return regels.termijn_status(obj.ontvangen_op, obj.is_verlengd, services.vandaag(), self._waarschuwen(obj),
                                     obj.verlenging_weken)

    def get_dagen_tot_termijn(self, obj) -> int | None:
        if not obj.is_open:
            return None
        return regels.dagen_tot(obj.geldende_termijn, services.vandaag())

    def get_recht_op_tijdelijke_plaatsing(self, obj) -> bool:
        return obj.is_open and regels.recht_op_tijdelijke_plaatsing(obj.ontvangen_op, obj.besloten_op,
                                                                    services.vandaag())


class AanmeldingSerializer(AanmeldingLijstSerializer):
    """One aanmelding with its timeline and what is still possible."""

    hulpvraag_nummer = serializers.SerializerMethodField()
    verlenging_mogelijk = serializers.SerializerMethodField(
        help_text="Leeg als de school de termijn nu nog kan verlengen, anders waarom niet.")
    heeft_verlengingsbrief = serializers.SerializerMethodField()
    stappen = serializers.SerializerMethodField()

    class Meta(AanmeldingLijstSerializer.Meta):
        fields = [*AanmeldingLijstSerializer.Meta.fields, "andere_scholen", "toelichting", "verlenging_reden",
                  "heeft_verlengingsbrief", "verlenging_mogelijk", "motivering", "hulpvraag_nummer", "aangemaakt",
                  "stappen"]

    def get_hulpvraag_nummer(self, obj) -> str:
        return obj.hulpvraag.nummer if obj.hulpvraag_id else ""

    def get_verlenging_mogelijk(self, obj) -> str | None:
        if not obj.is_open:
            return "Op deze aanmelding is al besloten."
        return regels.verlenging_mogelijk(obj.ontvangen_op, obj.verlengd_op is not None, services.vandaag())

    def get_heeft_verlengingsbrief(self, obj) -> bool:
        return bool(obj.verlengingsbrief)

    def get_stappen(self, obj) -> list[dict]:
        rijen = visible(_rol(self), Stap).filter(aanmelding=obj).select_related("user")
        return AanmeldingStapSerializer(rijen, many=True).data


# --------------------------------------------------------------------------------------------------------
# Serializers: input
# --------------------------------------------------------------------------------------------------------

class NieuweLeerlingInvoerSerializer(serializers.Serializer):
    voornaam = serializers.CharField(max_length=100)
    tussenvoegsel = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    achternaam = serializers.CharField(max_length=150)
    geboortedatum = serializers.DateField()
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=12, default="",
                                     help_text="Postcode van het woonadres, als 1234AB.")
    huisnummer = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")

    def validate_postcode(self, value):
        value = "".join((value or "").split()).upper()
        if value and not POSTCODE_RE.match(value):
            raise serializers.ValidationError("Vul de postcode in als 1234AB (vier cijfers en twee letters).")
        return value


class AanmeldingOuderInvoerSerializer(serializers.Serializer):
    voornaam = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    achternaam = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    telefoon = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    relatie = serializers.ChoiceField(OuderKind.Relatie.choices, required=False, default=OuderKind.Relatie.OUDER)
    heeft_gezag = serializers.BooleanField(required=False, default=True)


class AanmeldingInvoerSerializer(serializers.Serializer):
    """A written aanmelding at one of your schools, for a known pupil (`leerling`) or a new one
    (`nieuwe_leerling`, with the parents in `ouders`)."""

    school = SchoolCodeField(help_text="Vestigingscode van de school waar de aanmelding binnenkwam (een van uw scholen).")
    ontvangen_op = serializers.DateField(help_text="Datum waarop de schriftelijke aanmelding binnenkwam.")
    leerling = serializers.PrimaryKeyRelatedField(
        queryset=Leerling.objects.none(), required=False, allow_null=True,
        help_text="Id van een leerling die u al kent. Of vul `nieuwe_leerling` in.",
        error_messages={"does_not_exist": "Onbekende leerling: {pk_value}",
                        "incorrect_type": "Geef het nummer (id) van de leerling."},
    )
    nieuwe_leerling = NieuweLeerlingInvoerSerializer(required=False, allow_null=True,
                                                     help_text="Een leerling die nog niet in Passend staat.")
    ouders = AanmeldingOuderInvoerSerializer(many=True, required=False,
                                             help_text="Ouders of verzorgers van een nieuwe leerling.")
    voorkeur = serializers.IntegerField(required=False, default=1,
                                        help_text="Plaats van deze school in de voorkeur van de ouders "
                                        "(1 = eerste voorkeur: deze school heeft de zorgplicht).")
    andere_scholen = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    extra_ondersteuning_verwacht = serializers.BooleanField(required=False, default=False)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
    gewenste_startdatum = serializers.DateField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rol = _rol(self)
        if rol is not None:
            self.fields["leerling"].queryset = visible(rol, Leerling)


class VerlengenInvoerSerializer(serializers.Serializer):
    weken = serializers.IntegerField(
        required=False, default=regels.MAX_VERLENGING_WEKEN, min_value=1, max_value=regels.MAX_VERLENGING_WEKEN,
        help_text="Met hoeveel weken de school de termijn verlengt: 1, 2, 3 of 4 (standaard 4). De nieuwe termijn is "
        "6 weken plus dit aantal weken na ontvangst.",
        error_messages={k: regels.verlenging_weken_fout(None)
                        for k in ("invalid", "min_value", "max_value", "max_string_length", "null")},
    )
    reden = serializers.CharField(allow_blank=True, help_text="De reden; die staat in de brief aan de ouders.")


class ToelatenInvoerSerializer(serializers.Serializer):
    met_extra_ondersteuning = serializers.BooleanField(help_text="Toegelaten met extra ondersteuning?")
    begindatum = serializers.DateField(required=False, allow_null=True, default=None,
                                       help_text="Begin van de inschrijving (standaard de gewenste startdatum of "
                                       "vandaag).")


class EldersVoorstellenInvoerSerializer(serializers.Serializer):
    andere_school = SchoolCodeField(help_text="Vestigingscode van de school die bereid is de leerling toe te laten.")
    motivering = serializers.CharField(allow_blank=True,
                                       help_text="Waarom deze school geen passende plek kan bieden.")


class EldersBevestigenInvoerSerializer(serializers.Serializer):
    akkoord = serializers.BooleanField(help_text="Waar: uw school laat de leerling toe (en schrijft in). Onwaar: "
                                       "de aanmelding gaat terug naar de school van aanmelding.")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
    begindatum = serializers.DateField(required=False, allow_null=True, default=None)


class WeigerenInvoerSerializer(serializers.Serializer):
    grond = serializers.CharField(
        allow_blank=True,
        help_text="De wettelijke grond: " + ", ".join(f"`{w.value}` ({w.label})" for w in Weigergrond)
        + ". Zonder zo'n grond kan de school alleen weigeren als een andere school de leerling toelaat "
        "(elders-voorstellen).",
    )
    motivering = serializers.CharField(allow_blank=True, help_text="De motivering; ouders krijgen die.")


class IntrekkenInvoerSerializer(serializers.Serializer):
    reden = serializers.CharField(allow_blank=True)


class HulpVragenInvoerSerializer(serializers.Serializer):
    vraag = serializers.CharField(allow_blank=True, help_text="Wat u van het samenwerkingsverband vraagt.")


# --------------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(
        summary="Aanmeldingen die u mag zien, met hun termijn",
        tags=[TAG],
        parameters=[
            filters.param("status", description="Status van de aanmelding.", enum=Status.values),
            filters.param("school", description="Vestigingscode van de school van aanmelding."),
            filters.param("open", OpenApiTypes.BOOL, "Alleen open (true) of afgehandelde (false) aanmeldingen."),
            filters.param("leerling", OpenApiTypes.INT, "Id van de leerling."),
        ],
    ),
    retrieve=extend_schema(
        summary="Eén aanmelding met termijnen en verloop (wordt vastgelegd in de audittrail)", tags=[TAG]),
    create=extend_schema(
        summary="Schriftelijke aanmelding vastleggen (school)",
        description="Voor een bekende leerling (`leerling`) of een nieuwe (`nieuwe_leerling` met `ouders`). "
        "De termijn van 6 weken loopt vanaf `ontvangen_op`.",
        tags=[TAG], request=AanmeldingInvoerSerializer, responses={201: AanmeldingSerializer, **FOUTEN},
    ),
)
class AanmeldingViewSet(
    ToewijzingViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    model = Aanmelding

    def get_serializer_class(self):
        if self.action == "list":
            return AanmeldingLijstSerializer
        if self.action == "create":
            return AanmeldingInvoerSerializer
        return AanmeldingSerializer

    def get_queryset(self):
        qs = self.visible().select_related("leerling", "school", "andere_school", "hulpvraag")
        if self.action != "list":
            return qs
        params = self.request.query_params
        if waarde := filters.choice(params, "status", Status.choices):
            qs = qs.filter(status=waarde)
        if school := filters.text(params, "school").upper():
            qs = qs.filter(school__vestigingscode=school)
        if waarde := filters.choice(params, "open", [("true", "ja"), ("false", "nee")]):
            open_ = Q(status__in=OPEN_STATUSSEN)
            qs = qs.filter(open_ if waarde == "true" else ~open_)
        if (leerling := filters.integer(params, "leerling")) is not None:
            qs = qs.filter(leerling_id=leerling)
        return qs

    def _detail(self, aanmelding, status_code=status.HTTP_200_OK):
        vers = self.visible().select_related("leerling", "school", "andere_school", "hulpvraag").filter(
            pk=aanmelding.pk).first() or aanmelding
        return Response(AanmeldingSerializer(vers, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        if self.rol.rol != Rol.SCHOOL:
            raise Geweigerd("Alleen een school legt een aanmelding vast.")
        invoer = AanmeldingInvoerSerializer(data=request.data, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        gegevens = dict(invoer.validated_data)
        nieuw = gegevens.pop("nieuwe_leerling", None)
        ouders = [dict(o) for o in gegevens.pop("ouders", [])]
        with diensten(gegevens.get("leerling")):
            a = services.aanmelding_registreren(self.rol, nieuwe_leerling=dict(nieuw) if nieuw else None,
                                                ouders=ouders, **gegevens)
        return self._detail(a, status.HTTP_201_CREATED)

    def _stap(self, request, pk, invoer_class, dienst):
        a = self.zichtbaar(Aanmelding, pk)
        invoer = invoer_class(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(a):
            a = dienst(self.rol, a, **invoer.validated_data)
        return self._detail(a)

    @extend_schema(
        summary="Termijn eenmalig met 1 tot 4 weken verlengen (school)",
        description="Kan één keer, binnen de eerste 6 weken, met `weken` 1 tot en met 4 (standaard 4). Passend maakt "
        "de brief aan de ouders met de reden en de nieuwe termijn. Een ander aantal weken geeft 400; er wordt dan "
        "niets opgeslagen.", tags=[TAG], request=VerlengenInvoerSerializer,
        responses={200: AanmeldingSerializer, **FOUTEN_STAP},
    )
    @action(detail=True, methods=["post"], url_path="verlengen", url_name="verlengen")
    def verlengen(self, request, pk=None):
        return self._stap(request, pk, VerlengenInvoerSerializer, services.verlengen)

    @extend_schema(
        summary="Leerling toelaten (school)", description="Met of zonder extra ondersteuning; de leerling wordt "
        "ingeschreven.", tags=[TAG], request=ToelatenInvoerSerializer,
        responses={200: AanmeldingSerializer, **FOUTEN_STAP},
    )
    @action(detail=True, methods=["post"], url_path="toelaten", url_name="toelaten")
    def toelaten(self, request, pk=None):
        return self._stap(request, pk, ToelatenInvoerSerializer, services.toelaten)

    @extend_schema(
        summary="Plaats op een andere school voorstellen (school)",
        description="De school kan geen passende plek bieden, maar een andere school is bereid de leerling toe te "
        "laten. Die school bevestigt met elders-bevestigen.",
        tags=[TAG], request=EldersVoorstellenInvoerSerializer, responses={200: AanmeldingSerializer, **FOUTEN_STAP},
    )
    @action(detail=True, methods=["post"], url_path="elders-voorstellen", url_name="elders-voorstellen")
    def elders_voorstellen(self, request, pk=None):
        return self._stap(request, pk, EldersVoorstellenInvoerSerializer, services.elders_voorstellen)

    @extend_schema(
        summary="Plaatsing bevestigen of afwijzen (de voorgestelde school)",
        tags=[TAG], request=EldersBevestigenInvoerSerializer, responses={200: AanmeldingSerializer, **FOUTEN_STAP},
    )
    @action(detail=True, methods=["post"], url_path="elders-bevestigen", url_name="elders-bevestigen")
    def elders_bevestigen(self, request, pk=None):
        return self._stap(request, pk, EldersBevestigenInvoerSerializer, services.elders_bevestigen)

    @extend_schema(
        summary="Weigeren op een wettelijke grond (school)",
        description="Alleen als de school vol is, ouders de grondslag niet respecteren of bij cluster 1 of 2. "
        "Weigeren zonder andere plek kan niet worden vastgelegd.",
        tags=[TAG], request=WeigerenInvoerSerializer, responses={200: AanmeldingSerializer, **FOUTEN_STAP},
    )
    @action(detail=True, methods=["post"], url_path="weigeren", url_name="weigeren")
    def weigeren(self, request, pk=None):
        return self._stap(request, pk, WeigerenInvoerSerializer, services.weigeren)

    @extend_schema(
        summary="Aanmelding intrekken: de ouders trekken haar in (school)",
        tags=[TAG], request=IntrekkenInvoerSerializer, responses={200: AanmeldingSerializer, **FOUTEN_STAP},
    )
    @action(detail=True, methods=["post"], url_path="intrekken", url_name="intrekken")
    def intrekken(self, request, pk=None):
        return self._stap(request, pk, IntrekkenInvoerSerializer, services.intrekken)

    @extend_schema(
        summary="Hulp vragen aan het samenwerkingsverband (school)",
        description="Maakt een adviesvraag (toewijzing) als concept, gekoppeld aan deze aanmelding; de school dient "
        "die in via /api/v1/aanvragen/{id}/stappen/indienen/.",
        tags=[TAG], request=HulpVragenInvoerSerializer, responses={201: AanmeldingSerializer, **FOUTEN_STAP},
    )
    @action(detail=True, methods=["post"], url_path="hulp-vragen", url_name="hulp-vragen")
    def hulp_vragen(self, request, pk=None):
        a = self.zichtbaar(Aanmelding, pk)
        invoer = HulpVragenInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(a):
            services.hulp_vragen(self.rol, a, **invoer.validated_data)
        return self._detail(a, status.HTTP_201_CREATED)
