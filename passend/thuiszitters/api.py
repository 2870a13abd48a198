"""REST API for the thuiszitters register under /api/v1/thuiszitters/: the cases a role may see, reporting a
pupil, the plan of approach, contacts, the thuiszittersoverleg and ending a case.

The same rules as the pages and as the other modules' APIs (passend/zorgplicht/api.py, passend/opp/api.py): rows
come from passend.core.access.visible() for the active role (a row outside it is a 404), every write goes through
passend.thuiszitters.services, which checks access and the rules inside its transaction. Wrong input, or a step
on a closed case, is a 400 with the service's Dutch message; a refusal is a 403 (written to the audit trail).
Reading one case is written to the audit trail.

Leerplicht sees the cases of its gemeente in this register only: of the pupil it gets the name and the age,
never the id of the pupil's file (which it may not open).
"""

from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from passend.accounts.models import SWV_STAF, Rol, User
from passend.api import filters
from passend.api.exceptions import Geweigerd
from passend.api.serializers import SchoolCodeField
from passend.core.access import visible
from passend.register.models import Leerling
from passend.toewijzing.api import FOUTEN, ToewijzingViewSetMixin, diensten
from passend.zorgplicht.api import NieuweLeerlingInvoerSerializer

from . import monitoring, regels, services
from . import signalen as signaalbron
from .models import (
    Actie,
    Categorie,
    Categoriestand,
    Contact,
    Melding,
    Partij,
    Reden,
    Thuiszittersinstellingen,
    Uitkomst,
    Urenstand,
)

TAG = "thuiszitters"
STATUSSEN = [("open", "open"), ("afgesloten", "afgesloten")]
FOUTEN_400 = {
    **FOUTEN,
    400: OpenApiResponse(description="Ongeldige invoer, of de melding is afgesloten, met de reden: "
                                     "{\"detail\": ..., \"fouten\": {veld: [melding]} of [melding]}."),
}
CONTACTSOORTEN = [(c.value, c.label) for c in Contact.Soort if c != Contact.Soort.STAP]
LEERPLICHT_LEERLING = "Leerplicht meldt met de gegevens van de leerling (naam, geboortedatum, postcode)."
CASUSHOUDER_ONBEKEND = "Kies als casushouder iemand van het samenwerkingsverband, de school of leerplicht."


def _rol(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", None), "rol", None)


def met_plan(qs):
    """Annotate each case with whether it has a plan of approach (what the escalation rule needs)."""
    return qs.annotate(heeft_plan=Exists(Actie.objects.filter(melding_id=OuterRef("pk"))))


def _codes_tekst(keuzes) -> str:
    return ", ".join(f"`{c.value}` ({c.label})" for c in keuzes)


# --------------------------------------------------------------------------------------------------------
# Serializers: what is shown
# --------------------------------------------------------------------------------------------------------

class ThuiszitterContactSerializer(serializers.ModelSerializer):
    door = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = ["id", "datum", "soort", "partij", "verslag", "door", "rol", "tijdstip"]

    def get_door(self, obj) -> str:
        return str(obj.user) if obj.user_id else "systeem"


class ThuiszitterActieSerializer(serializers.ModelSerializer):
    te_laat = serializers.SerializerMethodField(help_text="Niet gedaan en de uiterlijke datum is voorbij.")

    class Meta:
        model = Actie
        fields = ["id", "melding", "omschrijving", "eigenaar", "partij", "uiterlijk", "gedaan_op", "te_laat"]

    def get_te_laat(self, obj) -> bool:
        return obj.gedaan_op is None and obj.uiterlijk < services.vandaag()


class MeldingLijstSerializer(serializers.ModelSerializer):
    leerling = serializers.SerializerMethodField(
        help_text="Id van het leerlingdossier; leeg voor leerplicht (die het dossier niet inziet) en nadat het "
        "dossier volgens de bewaartermijn is verwijderd.")
    leerling_naam = serializers.SerializerMethodField(help_text="Leeg nadat de melding is geanonimiseerd.")
    leerling_leeftijd = serializers.SerializerMethodField(help_text="Leeftijd nu (leeg na anonimiseren).")
    school = SchoolCodeField(read_only=True, allow_null=True)
    school_naam = serializers.SerializerMethodField()
    gemeente_naam = serializers.SerializerMethodField()
    casushouder_naam = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)
    duur_sinds = serializers.DateField(
        read_only=True, help_text="Vanaf deze dag telt de duur: de startdatum, of na een wijziging van de "
        "categorie de dag waarop die inging (de tijd als dreigende thuiszitter of met een vrijstelling telt niet als "
        "tijd thuis; absoluut en relatief verzuim tellen samen).")
    duur_dagen = serializers.SerializerMethodField(
        help_text="Dagen zonder (volledig) onderwijs: van `duur_sinds` tot vandaag, of tot de einddatum.")
    duurklasse = serializers.SerializerMethodField(
        help_text="Duurklasse van de Inspectie: " + ", ".join(f"`{k}` ({v})" for k, v in regels.DUURKLASSEN.items())
        + ".")
    telt_als_thuiszitter = serializers.SerializerMethodField(
        help_text="Absoluut verzuim, of relatief verzuim langer dan 4 weken (vandaag, of op de einddatum).")
    escalatie_nodig = serializers.SerializerMethodField(
        help_text="De drempel (instelling) is voorbij zonder plan van aanpak en de casus is nog niet in het "
        "thuiszittersoverleg gebracht.")

    class Meta:
        model = Melding
        fields = ["id", "nummer", "categorie", "leerling", "leerling_naam", "leerling_leeftijd", "startdatum",
                  "duur_sinds", "duur_dagen", "duurklasse", "telt_als_thuiszitter", "uren_onderwijs", "school", "school_naam",
                  "gemeente", "gemeente_naam", "casushouder", "casushouder_naam", "tafel_op", "escalatie_nodig",
                  "is_open", "einddatum", "uitkomst"]

    def _leerplicht(self) -> bool:
        rol = _rol(self)
        return rol is not None and rol.rol == Rol.LEERPLICHT

    def _peildatum(self, obj):
        return obj.einddatum or services.vandaag()

    def get_leerling(self, obj) -> int | None:
        return None if self._leerplicht() else obj.leerling_id

    def get_leerling_naam(self, obj) -> str:
        return obj.leerling.naam if obj.leerling_id else ""

    def get_leerling_leeftijd(self, obj) -> int | None:
        return obj.leerling.leeftijd(services.vandaag()) if obj.leerling_id else None

    def get_school_naam(self, obj) -> str:
        return obj.school.naam if obj.school_id else ""

    def get_gemeente_naam(self, obj) -> str:
        return obj.gemeente.naam if obj.gemeente_id else ""

    def get_casushouder_naam(self, obj) -> str:
        return str(obj.casushouder) if obj.casushouder_id else ""

    def get_duur_dagen(self, obj) -> int:
        return regels.duur_dagen(obj.duur_sinds, self._peildatum(obj))

    @extend_schema_field(serializers.ChoiceField(choices=list(regels.DUURKLASSEN.items())))
    def get_duurklasse(self, obj):
        return regels.duurklasse(obj.duur_sinds, self._peildatum(obj))

    def get_telt_als_thuiszitter(self, obj) -> bool:
        return regels.telt_als_thuiszitter(obj.categorie, obj.duur_sinds, self._peildatum(obj))

    def _drempel(self, obj) -> int:
        per_swv = self.context.setdefault("_escalatie_weken", {})
        if obj.swv_id not in per_swv:
            per_swv[obj.swv_id] = Thuiszittersinstellingen.voor(obj.swv_id).escalatie_weken
        return per_swv[obj.swv_id]

    def get_escalatie_nodig(self, obj) -> bool:
        if not obj.is_open:
            return False
        heeft_plan = getattr(obj, "heeft_plan", None)
        if heeft_plan is None:
            heeft_plan = obj.acties.exists()
        return regels.escalatie_nodig(obj.startdatum, services.vandaag(), heeft_plan=heeft_plan,
                                      al_aan_tafel=obj.tafel_op is not None, drempel_weken=self._drempel(obj))


class UrenstandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Urenstand
        fields = ["geldig_vanaf", "uren"]


class CategoriestandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Categoriestand
        fields = ["geldig_vanaf", "categorie"]


class MeldingSerializer(MeldingLijstSerializer):
    """One case with its plan of approach and timeline."""

    uitkomst_school = SchoolCodeField(read_only=True, allow_null=True)
    uren_historie = serializers.SerializerMethodField(
        help_text="De uren onderwijs per week door de tijd: elke wijziging met de dag waarop zij ingaat, oudste "
        "eerst.")
    categorie_historie = serializers.SerializerMethodField(
        help_text="De categorie door de tijd: elke wijziging met de dag waarop zij ingaat, oudste eerst.")
    acties = serializers.SerializerMethodField()
    contacten = serializers.SerializerMethodField(help_text="Het verloop, nieuwste eerst.")

    class Meta(MeldingLijstSerializer.Meta):
        fields = [*MeldingLijstSerializer.Meta.fields, "redenen", "reden_anders", "partijen", "toelichting",
                  "leeftijd_bij_start", "schoolsoort", "uitkomst_school", "uitkomst_uren", "uitkomst_toelichting",
                  "geanonimiseerd_op", "gemeld_door_rol", "aangemaakt", "categorie_historie", "uren_historie", "acties",
                  "contacten"]

    @extend_schema_field(CategoriestandSerializer(many=True))
    def get_categorie_historie(self, obj):
        rijen = visible(_rol(self), Categoriestand).filter(melding=obj).order_by("geldig_vanaf", "pk")
        return CategoriestandSerializer(rijen, many=True).data

    @extend_schema_field(UrenstandSerializer(many=True))
    def get_uren_historie(self, obj):
        rijen = visible(_rol(self), Urenstand).filter(melding=obj).order_by("geldig_vanaf", "pk")
        return UrenstandSerializer(rijen, many=True).data

    def get_acties(self, obj) -> list[dict]:
        rijen = visible(_rol(self), Actie).filter(melding=obj)
        return ThuiszitterActieSerializer(rijen, many=True, context=self.context).data

    def get_contacten(self, obj) -> list[dict]:
        rijen = visible(_rol(self), Contact).filter(melding=obj).select_related("user")
        return ThuiszitterContactSerializer(rijen, many=True).data


# --------------------------------------------------------------------------------------------------------
# Serializers: input
# --------------------------------------------------------------------------------------------------------

class _Casushouder(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=User.objects.none(), allow_null=True,
            help_text="Id van de gebruiker die de casus houdt: iemand van het samenwerkingsverband, de school of "
            "leerplicht.",
            error_messages={"does_not_exist": CASUSHOUDER_ONBEKEND,
                            "incorrect_type": "Geef het nummer (id) van de casushouder."},
            **kwargs,
        )


class _MetRol(serializers.Serializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rol = _rol(self)
        if rol is not None and "casushouder" in self.fields:
            self.fields["casushouder"].queryset = services.casushouders(rol.swv_id)


class MeldingInvoerSerializer(_MetRol):
    """Report a pupil: a known one (`leerling`; school and SWV) or with the pupil's data (`nieuwe_leerling`;
    leerplicht always does this)."""

    categorie = serializers.ChoiceField(Categorie.choices, help_text="Categorie: " + _codes_tekst(Categorie) + ".")
    startdatum = serializers.DateField(help_text="Sinds wanneer de leerling geen (volledig) onderwijs krijgt.")
    leerling = serializers.PrimaryKeyRelatedField(
        queryset=Leerling.objects.none(), required=False, allow_null=True,
        help_text="Id van een leerling die u kunt zien (school, samenwerkingsverband). Of vul `nieuwe_leerling` in.",
        error_messages={"does_not_exist": "Onbekende leerling: {pk_value}",
                        "incorrect_type": "Geef het nummer (id) van de leerling."},
    )
    nieuwe_leerling = NieuweLeerlingInvoerSerializer(
        required=False, allow_null=True, help_text="Naam, geboortedatum en postcode van een leerling die nog niet "
        "in Passend staat (zo meldt leerplicht).")
    uren_onderwijs = serializers.DecimalField(max_digits=4, decimal_places=1, required=False, default=0,
                                              help_text="Uren onderwijs per week die de leerling nog krijgt.")
    redenen = serializers.ListField(child=serializers.ChoiceField(Reden.choices), required=False, default=list,
                                    help_text="Redenen: " + _codes_tekst(Reden) + ".")
    reden_anders = serializers.CharField(required=False, allow_blank=True, default="", max_length=300,
                                         help_text="Verplicht als `anders` bij de redenen staat.")
    partijen = serializers.ListField(child=serializers.ChoiceField(Partij.choices), required=False, default=list,
                                     help_text="Betrokken partijen: " + _codes_tekst(Partij) + ".")
    casushouder = _Casushouder(required=False)
    school = SchoolCodeField(required=False, allow_null=True, default=None,
                             help_text="Vestigingscode van de school van inschrijving (bij relatief verzuim; een "
                             "school kiest een van de eigen scholen).")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rol = _rol(self)
        if rol is not None:
            self.fields["leerling"].queryset = services.leerlingen_van(rol)


class MeldingBijwerkenSerializer(_MetRol):
    """Only the fields you send change."""

    categorie = serializers.ChoiceField(Categorie.choices, required=False)
    categorie_sinds = serializers.DateField(
        required=False, allow_null=True,
        help_text="Vanaf wanneer de nieuwe categorie geldt (standaard vandaag); niet in de toekomst, niet voor de "
        "startdatum en niet voor een eerdere wijziging van de categorie. De rapportage en het dashboard van een "
        "eerdere peildatum houden de categorie van toen; wordt een dreigende thuiszitter een thuiszitter, dan telt "
        "de duur vanaf deze dag. Zoals bij het melden: absoluut verzuim kan niet als de leerling op deze dag "
        "ingeschreven staat, relatief verzuim niet als de leerling dan nergens ingeschreven staat.")
    uren_onderwijs = serializers.DecimalField(max_digits=4, decimal_places=1, required=False)
    uren_sinds = serializers.DateField(
        required=False, allow_null=True,
        help_text="Vanaf wanneer de nieuwe uren gelden (standaard vandaag); niet in de toekomst, niet voor de "
        "startdatum en niet voor een eerdere wijziging van de uren. De rapportage van een eerdere peildatum houdt "
        "de uren van toen.")
    redenen = serializers.ListField(child=serializers.ChoiceField(Reden.choices), required=False)
    reden_anders = serializers.CharField(required=False, allow_blank=True, max_length=300)
    partijen = serializers.ListField(child=serializers.ChoiceField(Partij.choices), required=False)
    casushouder = _Casushouder(required=False)
    toelichting = serializers.CharField(required=False, allow_blank=True)


class ThuiszitterContactInvoerSerializer(serializers.Serializer):
    datum = serializers.DateField()
    soort = serializers.ChoiceField(CONTACTSOORTEN, help_text="Soort contact. `tafel` (het thuiszittersoverleg) "
                                    "legt alleen het samenwerkingsverband vast.")
    verslag = serializers.CharField(allow_blank=True, help_text="Wat er is besproken of gedaan.")
    partij = serializers.ChoiceField(Partij.choices, required=False, allow_blank=True, default="")


class ThuiszitterActieInvoerSerializer(serializers.Serializer):
    omschrijving = serializers.CharField(allow_blank=True, max_length=300)
    eigenaar = serializers.CharField(allow_blank=True, max_length=150, help_text="Wie het doet (naam of partij).")
    uiterlijk = serializers.DateField()
    partij = serializers.ChoiceField(Partij.choices, required=False, allow_blank=True, default="")


class ActieAfrondenInvoerSerializer(serializers.Serializer):
    datum = serializers.DateField(required=False, allow_null=True, default=None, help_text="Standaard vandaag.")


class TafelInvoerSerializer(serializers.Serializer):
    datum = serializers.DateField(required=False, allow_null=True, default=None,
                                  help_text="Datum van het thuiszittersoverleg (standaard vandaag).")
    verslag = serializers.CharField(required=False, allow_blank=True, default="")


class MeldingBeeindigenInvoerSerializer(serializers.Serializer):
    einddatum = serializers.DateField(help_text="Niet in de toekomst, niet voor de startdatum en niet voor de "
                                      "laatste wijziging van de categorie of van de uren.")
    uitkomst = serializers.ChoiceField(Uitkomst.choices, help_text="Uitkomst: " + _codes_tekst(Uitkomst) + ".")
    school = SchoolCodeField(required=False, allow_null=True, default=None,
                             help_text="Bij `terug_op_school`: de school waar de leerling weer naartoe gaat.")
    uren = serializers.DecimalField(max_digits=4, decimal_places=1, required=False, allow_null=True, default=None,
                                    help_text="Bij `terug_op_school`: uren onderwijs per week.")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="",
                                        help_text="Verplicht bij ander onderwijs, zorg en anders.")


class ThuiszitterSignaalSerializer(serializers.Serializer):
    soort = serializers.ChoiceField([("aanmelding", "Aanmelding na 10 weken niet besloten"),
                                     ("uitschrijving", "Uitgeschreven zonder nieuwe school")])
    leerling = serializers.IntegerField(source="leerling.pk", help_text="Id van de leerling.")
    leerling_naam = serializers.CharField(source="leerling.naam")
    leerling_leeftijd = serializers.SerializerMethodField()
    school = serializers.CharField(source="school.vestigingscode", allow_null=True, default=None)
    school_naam = serializers.CharField(source="school.naam", allow_null=True, default=None)
    sinds = serializers.DateField(help_text="Ontvangst van de aanmelding, of einde van de inschrijving.")
    weken = serializers.SerializerMethodField(help_text="Hele weken sinds `sinds`.")
    tekst = serializers.CharField()

    def get_leerling_leeftijd(self, obj) -> int:
        return regels.leeftijd(obj.leerling.geboortedatum, services.vandaag())

    def get_weken(self, obj) -> int:
        return regels.duur_dagen(obj.sinds, services.vandaag()) // 7


class DashboardTabelSerializer(serializers.Serializer):
    naam = serializers.CharField()
    titel = serializers.CharField()
    koppen = serializers.ListField(child=serializers.CharField())
    rijen = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()),
                                  help_text="Aantallen van 1 tot en met 4 staan als \"<5\".")


class DashboardSerializer(serializers.Serializer):
    peildatum = serializers.DateField()
    tabellen = DashboardTabelSerializer(many=True)


# --------------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------------

ACTIE_PARAM = OpenApiParameter("actie_id", OpenApiTypes.INT, OpenApiParameter.PATH,
                               description="Id van de actie in het plan van aanpak.")


@extend_schema_view(
    list=extend_schema(
        summary="Thuiszittersmeldingen die u mag zien, met duur en duurklasse",
        tags=[TAG],
        parameters=[
            filters.param("status", description="Alleen open of afgesloten meldingen.", enum=[s for s, _ in STATUSSEN]),
            filters.param("categorie", description="Categorie van de melding.", enum=Categorie.values),
            filters.param("school", description="Vestigingscode van de school van inschrijving."),
            filters.param("leerling", OpenApiTypes.INT, "Id van de leerling."),
        ],
    ),
    retrieve=extend_schema(
        summary="Eén melding met plan van aanpak en verloop (wordt vastgelegd in de audittrail)", tags=[TAG]),
    create=extend_schema(
        summary="Thuiszitter melden (school, samenwerkingsverband, leerplicht)",
        description="Voor een bekende leerling (`leerling`) of met de gegevens van de leerling (`nieuwe_leerling`; "
        "leerplicht meldt altijd zo). Per leerling loopt hoogstens één melding.",
        tags=[TAG], request=MeldingInvoerSerializer, responses={201: MeldingSerializer, **FOUTEN},
    ),
    partial_update=extend_schema(
        summary="Melding bijwerken zolang zij open is",
        description="Categorie (met `categorie_sinds`: vanaf wanneer), uren (met `uren_sinds`: vanaf wanneer), "
        "redenen, partijen, casushouder en toelichting; alleen wat u meestuurt verandert.",
        tags=[TAG], request=MeldingBijwerkenSerializer, responses={200: MeldingSerializer, **FOUTEN_400},
    ),
)
class MeldingViewSet(ToewijzingViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    model = Melding

    def get_serializer_class(self):
        if self.action == "list":
            return MeldingLijstSerializer
        if self.action == "create":
            return MeldingInvoerSerializer
        if self.action == "partial_update":
            return MeldingBijwerkenSerializer
        return MeldingSerializer

    def _basis(self):
        return met_plan(self.visible().select_related("leerling", "school", "gemeente", "casushouder",
                                                       "uitkomst_school"))

    def get_queryset(self):
        qs = self._basis()
        if self.action != "list":
            return qs
        params = self.request.query_params
        if waarde := filters.choice(params, "status", STATUSSEN):
            qs = qs.filter(einddatum__isnull=(waarde == "open"))
        if waarde := filters.choice(params, "categorie", Categorie.choices):
            qs = qs.filter(categorie=waarde)
        if school := filters.text(params, "school").upper():
            qs = qs.filter(school__vestigingscode=school)
        if (leerling := filters.integer(params, "leerling")) is not None:
            qs = qs.filter(leerling_id=leerling)
        return qs

    def _detail(self, melding, status_code=status.HTTP_200_OK):
        vers = self._basis().filter(pk=melding.pk).first() or melding
        return Response(MeldingSerializer(vers, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        if (self.rol is not None and self.rol.rol == Rol.LEERPLICHT and hasattr(request.data, "get")
                and request.data.get("leerling") not in (None, "")):
            raise exceptions.ValidationError({"leerling": [LEERPLICHT_LEERLING]})
        invoer = MeldingInvoerSerializer(data=request.data, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        gegevens = dict(invoer.validated_data)
        nieuw = gegevens.pop("nieuwe_leerling", None)
        with diensten(gegevens.get("leerling")):
            m = services.melding_registreren(self.rol, nieuwe_leerling=dict(nieuw) if nieuw else None, **gegevens)
        return self._detail(m, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        m = self.zichtbaar(Melding, kwargs["pk"])
        invoer = MeldingBijwerkenSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        with diensten(m):
            m = services.melding_bijwerken(self.rol, m, **invoer.validated_data)
        return self._detail(m)

    def _invoer(self, request, invoer_class) -> dict:
        invoer = invoer_class(data=request.data)
        invoer.is_valid(raise_exception=True)
        return dict(invoer.validated_data)

    @extend_schema(
        summary="Signalen van mogelijke thuiszitters (samenwerkingsverband)",
        description="Een werklijst om na te gaan, geen automatische melding: leerlingen met een aanmelding die na "
        "10 weken nog niet is besloten, en leerplichtige leerlingen die zijn uitgeschreven zonder nieuwe "
        "inschrijving. Leerlingen met een lopende melding staan er niet in.",
        tags=[TAG], responses={200: ThuiszitterSignaalSerializer(many=True), 403: FOUTEN[403]},
    )
    @action(detail=False, methods=["get"], url_path="signalen", url_name="signalen")
    def signalen(self, request):
        if self.rol is None or self.rol.rol not in SWV_STAF:
            raise Geweigerd("De signalen van mogelijke thuiszitters zijn voor het samenwerkingsverband.")
        rijen = signaalbron.signalen(self.rol, services.vandaag())
        return Response(ThuiszitterSignaalSerializer(rijen, many=True).data)

    @extend_schema(
        summary="Dashboard thuiszitters: alleen aantallen (samenwerkingsverband en schoolbesturen)",
        description="Dezelfde tabellen als het dashboard: kengetallen (ook per 1.000 leerlingen en de mediane duur "
        "tot terugkeer), lopende meldingen naar categorie en duur, de trend over de peildata en de meest genoemde "
        "redenen. Aantallen van 1 tot en met 4 staan als \"<5\".",
        tags=[TAG], responses={200: DashboardSerializer, 403: FOUTEN[403]},
    )
    @action(detail=False, methods=["get"], url_path="dashboard", url_name="dashboard")
    def dashboard(self, request):
        if self.rol is None or self.rol.rol not in (*SWV_STAF, Rol.SCHOOLBESTUUR):
            raise Geweigerd("Het dashboard thuiszitters is voor het samenwerkingsverband en de schoolbesturen.")
        d = monitoring.overzicht(self.rol.swv)
        tabellen = [{"naam": t.naam, "titel": t.titel, "koppen": t.koppen, "rijen": t.rijen}
                    for t in monitoring.tabellen(d)]
        return Response(DashboardSerializer({"peildatum": d.peildatum, "tabellen": tabellen}).data)

    @extend_schema(
        summary="Contact of stap op het verloop vastleggen",
        description="Door iedereen die aan de casus werkt (school, samenwerkingsverband, leerplicht), zolang de "
        "melding open is. Het verloop verandert daarna nooit meer.",
        tags=[TAG], request=ThuiszitterContactInvoerSerializer, responses={201: ThuiszitterContactSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="contacten", url_name="contacten")
    def contacten(self, request, pk=None):
        m = self.zichtbaar(Melding, pk)
        gegevens = self._invoer(request, ThuiszitterContactInvoerSerializer)
        with diensten(m):
            c = services.contact_toevoegen(self.rol, m, **gegevens)
        return Response(ThuiszitterContactSerializer(c).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Actie toevoegen aan het plan van aanpak",
        description="Wat, wie en uiterlijk wanneer; zolang de melding open is.",
        tags=[TAG], request=ThuiszitterActieInvoerSerializer, responses={201: ThuiszitterActieSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="acties", url_name="acties")
    def acties(self, request, pk=None):
        m = self.zichtbaar(Melding, pk)
        gegevens = self._invoer(request, ThuiszitterActieInvoerSerializer)
        with diensten(m):
            a = services.actie_toevoegen(self.rol, m, **gegevens)
        return Response(ThuiszitterActieSerializer(a).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Actie uit het plan van aanpak afronden",
        tags=[TAG], parameters=[ACTIE_PARAM], request=ActieAfrondenInvoerSerializer,
        responses={200: ThuiszitterActieSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path=r"acties/(?P<actie_id>[0-9]+)/afronden",
            url_name="actie-afronden")
    def actie_afronden(self, request, pk=None, actie_id=None):
        m = self.zichtbaar(Melding, pk)
        actie = self.visible(Actie).filter(melding=m, pk=actie_id).first()
        if actie is None:
            raise exceptions.NotFound()
        gegevens = self._invoer(request, ActieAfrondenInvoerSerializer)
        with diensten(actie):
            actie = services.actie_afronden(self.rol, actie, **gegevens)
        return Response(ThuiszitterActieSerializer(actie).data)

    @extend_schema(
        summary="Casus in het thuiszittersoverleg brengen (samenwerkingsverband)",
        tags=[TAG], request=TafelInvoerSerializer, responses={200: MeldingSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="tafel", url_name="tafel")
    def tafel(self, request, pk=None):
        m = self.zichtbaar(Melding, pk)
        gegevens = self._invoer(request, TafelInvoerSerializer)
        with diensten(m):
            m = services.naar_tafel(self.rol, m, **gegevens)
        return self._detail(m)

    @extend_schema(
        summary="Melding afsluiten met de uitkomst (samenwerkingsverband of leerplicht)",
        description="De melding blijft voorgoed in het register (cumulatief, zoals de Inspectie vraagt); daarna "
        "verandert er niets meer aan.",
        tags=[TAG], request=MeldingBeeindigenInvoerSerializer, responses={200: MeldingSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="beeindigen", url_name="beeindigen")
    def beeindigen(self, request, pk=None):
        m = self.zichtbaar(Melding, pk)
        gegevens = self._invoer(request, MeldingBeeindigenInvoerSerializer)
        with diensten(m):
            m = services.beeindigen(self.rol, m, **gegevens)
        return self._detail(m)
