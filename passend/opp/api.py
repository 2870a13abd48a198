"""REST API for the ontwikkelingsperspectief under /api/v1/: opps, oppversies, evaluaties and instemmingen.

The same rules as the pages and as the toewijzing API (passend/toewijzing/api.py): rows come from
passend.core.access.visible() for the active role (a row outside it is a 404), every write goes through
passend.opp.services, which checks access and completeness inside its transaction. Wrong input, or setting a
version that is not complete yet, is a 400 with the service's Dutch message; a refusal is a 403 (written to the
audit trail). Reading one object is written to the audit trail.

A set version (vastgesteld) never changes: adjusting the OPP is POST opps/{id}/nieuwe-versie/ (a concept copy),
which the school fills in with PATCH oppversies/{id}/ and sets with POST oppversies/{id}/vaststellen/. A parent
with gezag gives or withholds consent on the handelingsdeel with POST oppversies/{id}/instemming/.
"""

from django.db.models import Min, OuterRef, Prefetch, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from passend.accounts.models import Rol
from passend.api import filters
from passend.api.exceptions import Geweigerd
from passend.api.serializers import SchoolCodeField
from passend.core.access import can, visible
from passend.register.models import Leerling, OuderKind
from passend.toewijzing.api import FOUTEN, ToewijzingViewSetMixin, diensten

from . import regels, services
from .models import Aanleiding, Evaluatie, Instemming, Opp, Oppinstellingen, OppVersie

TAG = "opp"
OPP_STATUSSEN = ("vaststellen", "te_laat", "evaluatie_binnenkort", "evaluatie_te_laat", "op_orde", "beeindigd")
FOUTEN_400 = {
    **FOUTEN,
    400: OpenApiResponse(description="Ongeldige invoer of nu niet mogelijk, met de reden: "
                                     "{\"detail\": ..., \"fouten\": {veld: [melding]} of [melding]}."),
}


def _rol(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", None), "rol", None)


def met_termijngegevens(qs):
    """Annotate each OPP with the date its first version was set and the date of its last evaluation, what
    regels.opp_status needs (two subqueries: the query count does not grow with the rows)."""
    vastgesteld = (OppVersie.objects.filter(opp_id=OuterRef("pk"), status=OppVersie.Status.VASTGESTELD)
                   .order_by().values("opp_id").annotate(d=Min("vastgesteld_op")).values("d"))
    laatste = Evaluatie.objects.filter(opp_id=OuterRef("pk")).order_by("-datum").values("datum")[:1]
    return qs.annotate(eerste_vastgesteld_op=Subquery(vastgesteld), laatste_evaluatie_op=Subquery(laatste))


def opp_status(opp, peildatum, waarschuwen_dagen: int) -> str:
    """regels.opp_status for an OPP annotated by met_termijngegevens; "beeindigd" once it has ended."""
    if opp.beeindigd_op and opp.beeindigd_op <= peildatum:
        return "beeindigd"
    return regels.opp_status(opp.aanleiding_datum, opp.eerste_vastgesteld_op, opp.laatste_evaluatie_op, peildatum,
                             waarschuwen_dagen)


# --------------------------------------------------------------------------------------------------------
# Serializers: what is shown
# --------------------------------------------------------------------------------------------------------

class OppVersieKortSerializer(serializers.ModelSerializer):
    class Meta:
        model = OppVersie
        fields = ["id", "nummer", "status", "vastgesteld_op"]


class EvaluatieSerializer(serializers.ModelSerializer):
    door = serializers.SerializerMethodField()

    class Meta:
        model = Evaluatie
        fields = ["id", "opp", "datum", "met_ouders", "verslag", "bijstelling_nodig", "door"]

    def get_door(self, obj) -> str:
        return str(obj.door) if obj.door_id else ""


class InstemmingSerializer(serializers.ModelSerializer):
    ouder_naam = serializers.SerializerMethodField()
    opp = serializers.IntegerField(source="versie.opp_id", read_only=True)

    class Meta:
        model = Instemming
        fields = ["id", "opp", "versie", "ouder", "ouder_naam", "heeft_gezag", "besluit", "toelichting", "op"]

    def get_ouder_naam(self, obj) -> str:
        return str(obj.ouder)


class OppLijstSerializer(serializers.ModelSerializer):
    leerling_naam = serializers.CharField(source="leerling.naam", read_only=True)
    school = SchoolCodeField(read_only=True)
    school_naam = serializers.CharField(source="school.naam", read_only=True)
    school_soort = serializers.CharField(source="school.soort", read_only=True, help_text="Soort school (DUO).")
    status = serializers.SerializerMethodField(
        help_text="vaststellen (termijn loopt), te_laat (niet vastgesteld binnen 6 weken), evaluatie_binnenkort, "
        "evaluatie_te_laat, op_orde of beeindigd.")
    vaststellen_uiterlijk = serializers.SerializerMethodField(
        help_text="6 weken na de aanleiding (inschrijving of start van de extra ondersteuning).")
    vastgesteld_op = serializers.DateField(source="eerste_vastgesteld_op", read_only=True, allow_null=True,
                                           help_text="Wanneer de eerste versie is vastgesteld.")
    evaluatie_uiterlijk = serializers.SerializerMethodField(
        help_text="Uiterlijke datum van de volgende evaluatie (minstens één keer per schooljaar).")
    huidige_versie = serializers.SerializerMethodField(help_text="Id van de laatst vastgestelde versie.")
    versies = OppVersieKortSerializer(source="zichtbare_versies", many=True, read_only=True)
    evaluaties = EvaluatieSerializer(source="zichtbare_evaluaties", many=True, read_only=True)

    class Meta:
        model = Opp
        fields = ["id", "status", "leerling", "leerling_naam", "school", "school_naam", "school_soort", "aanleiding",
                  "aanleiding_datum", "vaststellen_uiterlijk", "vastgesteld_op", "evaluatie_uiterlijk",
                  "huidige_versie", "beeindigd_op", "versies", "evaluaties"]

    def _waarschuwen(self, obj) -> int:
        per_swv = self.context.setdefault("_opp_waarschuwen", {})
        if obj.swv_id not in per_swv:
            per_swv[obj.swv_id] = Oppinstellingen.voor(obj.swv_id).waarschuwen_dagen
        return per_swv[obj.swv_id]

    @extend_schema_field(serializers.ChoiceField(choices=[(s, s) for s in OPP_STATUSSEN]))
    def get_status(self, obj):
        return opp_status(obj, services.vandaag(), self._waarschuwen(obj))

    @extend_schema_field(OpenApiTypes.DATE)
    def get_vaststellen_uiterlijk(self, obj):
        return regels.vaststellen_uiterlijk(obj.aanleiding_datum).isoformat()

    @extend_schema_field(OpenApiTypes.DATE)
    def get_evaluatie_uiterlijk(self, obj):
        if obj.eerste_vastgesteld_op is None:
            return None
        return regels.evaluatie_uiterlijk(obj.eerste_vastgesteld_op, obj.laatste_evaluatie_op).isoformat()

    def get_huidige_versie(self, obj) -> int | None:
        gezet = [v for v in obj.zichtbare_versies if v.status == OppVersie.Status.VASTGESTELD]
        return gezet[0].pk if gezet else None


class OppSerializer(OppLijstSerializer):
    """One OPP with its versions, evaluations and the parents' consent on the current version."""

    contactpersoon_naam = serializers.SerializerMethodField()
    heeft_extern_opp = serializers.SerializerMethodField(help_text="Er is een OPP van buiten Passend (PDF).")
    instemming = serializers.SerializerMethodField(
        help_text="Instemming van de ouders met gezag met het handelingsdeel van de huidige versie: aantallen en "
        "de reacties.")

    class Meta(OppLijstSerializer.Meta):
        fields = [*OppLijstSerializer.Meta.fields, "contactpersoon_naam", "heeft_extern_opp", "aangemaakt",
                  "instemming"]

    def get_contactpersoon_naam(self, obj) -> str:
        return str(obj.contactpersoon) if obj.contactpersoon_id else ""

    def get_heeft_extern_opp(self, obj) -> bool:
        return bool(obj.extern_bestand)

    def get_instemming(self, obj) -> dict | None:
        versie = self.get_huidige_versie(obj)
        if versie is None:
            return None
        rol = _rol(self)
        reacties = list(visible(rol, Instemming).filter(versie_id=versie).select_related("ouder", "versie"))
        gezag = set(visible(rol, OuderKind).filter(leerling_id=obj.leerling_id, heeft_gezag=True)
                    .values_list("ouder_id", flat=True))
        besluiten = {i.ouder_id: i.besluit for i in reacties}
        return {
            "versie": versie,
            "ouders_met_gezag": len(gezag),
            "ingestemd": sum(1 for b in besluiten.values() if b == Instemming.Besluit.INSTEMMING),
            "niet_ingestemd": sum(1 for b in besluiten.values() if b == Instemming.Besluit.GEEN_INSTEMMING),
            "geen_reactie": len(gezag - set(besluiten)),
            "reacties": InstemmingSerializer(reacties, many=True).data,
        }


class OppVersieSerializer(serializers.ModelSerializer):
    leerling = serializers.IntegerField(source="opp.leerling_id", read_only=True)
    ontbrekend = serializers.SerializerMethodField(help_text="Wat nog nodig is om deze conceptversie vast te stellen.")
    vorige_versie = serializers.SerializerMethodField(help_text="Id van de vorige versie, om te vergelijken.")
    instemmingen = serializers.SerializerMethodField()

    class Meta:
        model = OppVersie
        fields = ["id", "opp", "leerling", "nummer", "status", *services.VERSIE_VELDEN, "vastgesteld_op",
                  "aangemaakt", "ontbrekend", "vorige_versie", "instemmingen"]

    def get_ontbrekend(self, obj) -> list[str]:
        return services.ontbrekend(obj) if obj.status == OppVersie.Status.CONCEPT else []

    def get_vorige_versie(self, obj) -> int | None:
        return (visible(_rol(self), OppVersie).filter(opp_id=obj.opp_id, nummer__lt=obj.nummer)
                .order_by("-nummer").values_list("pk", flat=True).first())

    def get_instemmingen(self, obj) -> list[dict]:
        rijen = visible(_rol(self), Instemming).filter(versie=obj).select_related("ouder", "versie")
        return InstemmingSerializer(rijen, many=True).data


# --------------------------------------------------------------------------------------------------------
# Serializers: input
# --------------------------------------------------------------------------------------------------------

class OppInvoerSerializer(serializers.Serializer):
    leerling = serializers.PrimaryKeyRelatedField(
        queryset=Leerling.objects.none(), help_text="Id van de leerling (ingeschreven op uw school).",
        error_messages={"does_not_exist": "Onbekende leerling: {pk_value}",
                        "incorrect_type": "Geef het nummer (id) van de leerling."},
    )
    school = SchoolCodeField(help_text="Vestigingscode van uw school.")
    aanleiding = serializers.CharField(
        help_text="Wat de termijn van 6 weken start: " + ", ".join(f"`{a.value}` ({a.label})" for a in Aanleiding) + ".")
    aanleiding_datum = serializers.DateField(help_text="Datum van inschrijving of start van de extra ondersteuning.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rol = _rol(self)
        if rol is not None:
            self.fields["leerling"].queryset = visible(rol, Leerling)


class OppVersieInvoerSerializer(serializers.ModelSerializer):
    """The content of a concept version; only the fields you send change."""

    class Meta:
        model = OppVersie
        fields = list(services.VERSIE_VELDEN)


class VaststellenInvoerSerializer(serializers.Serializer):
    datum = serializers.DateField(required=False, allow_null=True, default=None,
                                  help_text="Datum van vaststellen (standaard vandaag).")


class InstemmingInvoerSerializer(serializers.Serializer):
    besluit = serializers.CharField(
        help_text="`instemming` (ik stem in met het handelingsdeel) of `geen_instemming`. Ook zonder instemming "
        "biedt de school de ondersteuning.")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class EvaluatieInvoerSerializer(serializers.Serializer):
    datum = serializers.DateField()
    verslag = serializers.CharField(allow_blank=True, help_text="Wat er uit de evaluatie kwam.")
    met_ouders = serializers.BooleanField(required=False, default=True)
    bijstelling_nodig = serializers.BooleanField(required=False, default=False)


class ExternOppInvoerSerializer(serializers.Serializer):
    bestand = serializers.FileField(help_text="Het OPP als PDF, hoogstens 20 MB.")


class BeeindigenInvoerSerializer(serializers.Serializer):
    datum = serializers.DateField(required=False, allow_null=True, default=None)


# --------------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(
        summary="OPP's die u mag zien, met hun stand", tags=[TAG],
        parameters=[
            filters.param("leerling", OpenApiTypes.INT, "Id van de leerling."),
            filters.param("school", description="Vestigingscode van de school."),
            filters.param("lopend", OpenApiTypes.BOOL, "Alleen lopende (true) of beëindigde (false) OPP's."),
        ],
    ),
    retrieve=extend_schema(summary="Eén OPP met versies, evaluaties en instemming (wordt vastgelegd in de audittrail)",
                           tags=[TAG]),
    create=extend_schema(
        summary="OPP opstellen (school)",
        description="Voor een leerling die op uw school staat ingeschreven; begint met een lege conceptversie.",
        tags=[TAG], request=OppInvoerSerializer, responses={201: OppSerializer, **FOUTEN},
    ),
)
class OppViewSet(ToewijzingViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = Opp

    def get_serializer_class(self):
        if self.action == "list":
            return OppLijstSerializer
        if self.action == "create":
            return OppInvoerSerializer
        return OppSerializer

    def _basis(self):
        return met_termijngegevens(self.visible().select_related("leerling", "school", "contactpersoon")).prefetch_related(
            Prefetch("versies", queryset=self.visible(OppVersie).order_by("-nummer"), to_attr="zichtbare_versies"),
            Prefetch("evaluaties", queryset=self.visible(Evaluatie).select_related("door"),
                     to_attr="zichtbare_evaluaties"),
        )

    def get_queryset(self):
        qs = self._basis()
        if self.action == "list":
            params = self.request.query_params
            if (leerling := filters.integer(params, "leerling")) is not None:
                qs = qs.filter(leerling_id=leerling)
            if school := filters.text(params, "school").upper():
                qs = qs.filter(school__vestigingscode=school)
            if waarde := filters.choice(params, "lopend", [("true", "ja"), ("false", "nee")]):
                qs = qs.filter(beeindigd_op__isnull=(waarde == "true"))
        return qs

    def _detail(self, opp, status_code=status.HTTP_200_OK):
        vers = self._basis().filter(pk=opp.pk).first()
        return Response(OppSerializer(vers, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        if self.rol.rol != Rol.SCHOOL:
            raise Geweigerd("Alleen de school stelt een OPP op.")
        invoer = OppInvoerSerializer(data=request.data, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        gegevens = dict(invoer.validated_data)
        with diensten(gegevens["leerling"]):
            opp = services.opp_aanmaken(self.rol, **gegevens)
        return self._detail(opp, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Nieuwe versie om het OPP bij te stellen (school)",
        description="Een conceptkopie van de laatst vastgestelde versie, zonder gesprek met de ouders: bijstellen "
        "kan alleen na een nieuw gesprek (OOGO). Er is hoogstens één conceptversie.",
        tags=[TAG], request=None, responses={201: OppVersieSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="nieuwe-versie", url_name="nieuwe-versie")
    def nieuwe_versie(self, request, pk=None):
        opp = self.zichtbaar(Opp, pk)
        with diensten(opp):
            versie = services.nieuwe_versie(self.rol, opp)
        return Response(OppVersieSerializer(versie, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Evaluatie vastleggen (school)",
        description="Minstens één keer per schooljaar, met de ouders; kan als er een vastgestelde versie is.",
        tags=[TAG], request=EvaluatieInvoerSerializer, responses={201: EvaluatieSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="evaluaties", url_name="evaluaties")
    def evaluaties(self, request, pk=None):
        opp = self.zichtbaar(Opp, pk)
        invoer = EvaluatieInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(opp):
            evaluatie = services.evaluatie_toevoegen(self.rol, opp, **invoer.validated_data)
        return Response(EvaluatieSerializer(evaluatie).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="OPP van buiten Passend toevoegen als PDF (school)",
        description="Als multipart/form-data met `bestand`; kan zolang er in Passend geen vastgestelde versie is.",
        tags=[TAG], request={"multipart/form-data": ExternOppInvoerSerializer},
        responses={200: OppSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="extern-opp", url_name="extern-opp",
            parser_classes=[MultiPartParser, FormParser])
    def extern_opp(self, request, pk=None):
        opp = self.zichtbaar(Opp, pk)
        invoer = ExternOppInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(opp):
            opp = services.extern_opp_toevoegen(self.rol, opp, invoer.validated_data["bestand"])
        return self._detail(opp)

    @extend_schema(
        summary="OPP beëindigen (school)", description="Bijvoorbeeld als de leerling geen extra ondersteuning meer "
        "krijgt of de school verlaat.", tags=[TAG], request=BeeindigenInvoerSerializer,
        responses={200: OppSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="beeindigen", url_name="beeindigen")
    def beeindigen(self, request, pk=None):
        opp = self.zichtbaar(Opp, pk)
        invoer = BeeindigenInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(opp):
            opp = services.opp_beeindigen(self.rol, opp, **invoer.validated_data)
        return self._detail(opp)


@extend_schema_view(
    retrieve=extend_schema(summary="Eén versie van een OPP, volledig (wordt vastgelegd in de audittrail)", tags=[TAG]),
    partial_update=extend_schema(
        summary="Conceptversie bijwerken (school)",
        description="Alleen een conceptversie; een vastgestelde versie blijft zoals hij is (maak een nieuwe versie).",
        tags=[TAG], request=OppVersieInvoerSerializer, responses={200: OppVersieSerializer, **FOUTEN},
    ),
)
class OppVersieViewSet(ToewijzingViewSetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = OppVersie
    serializer_class = OppVersieSerializer

    def get_queryset(self):
        return self.visible().select_related("opp")

    def _detail(self, versie, status_code=status.HTTP_200_OK):
        vers = self.get_queryset().filter(pk=versie.pk).first() or versie
        return Response(OppVersieSerializer(vers, context=self.get_serializer_context()).data, status=status_code)

    def partial_update(self, request, *args, **kwargs):
        versie = self.zichtbaar(OppVersie, kwargs["pk"])
        if not can(self.rol, "change", versie):
            bericht = ("Deze versie is vastgesteld en blijft zoals hij is; maak een nieuwe versie om het OPP bij te "
                       "stellen." if self.rol.rol == Rol.SCHOOL else "Alleen de school wijzigt een OPP.")
            self.refuse(versie, bericht)
        invoer = OppVersieInvoerSerializer(versie, data=request.data, partial=True)
        invoer.is_valid(raise_exception=True)
        with diensten(versie):
            versie = services.versie_bijwerken(self.rol, versie, **invoer.validated_data)
        return self._detail(versie)

    @extend_schema(
        summary="Conceptversie vaststellen (school)",
        description="Alleen als de versie compleet is (zie `ontbrekend`); anders 400 met wat nog nodig is. Daarna "
        "kunnen de ouders instemmen.",
        tags=[TAG], request=VaststellenInvoerSerializer, responses={200: OppVersieSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="vaststellen", url_name="vaststellen")
    def vaststellen(self, request, pk=None):
        versie = self.zichtbaar(OppVersie, pk)
        invoer = VaststellenInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(versie):
            versie = services.vaststellen(self.rol, versie, **invoer.validated_data)
        return self._detail(versie)

    @extend_schema(
        summary="Instemmen met het handelingsdeel, of niet (ouder met gezag)",
        description="Per ouder; een tweede reactie van dezelfde ouder vervangt de eerste. Wordt vastgelegd met wie "
        "en wanneer.",
        tags=[TAG], request=InstemmingInvoerSerializer, responses={201: InstemmingSerializer, **FOUTEN_400},
    )
    @action(detail=True, methods=["post"], url_path="instemming", url_name="instemming")
    def instemming(self, request, pk=None):
        versie = self.zichtbaar(OppVersie, pk)
        invoer = InstemmingInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(versie):
            inst = services.instemming_geven(self.rol, versie, **invoer.validated_data)
        return Response(InstemmingSerializer(inst).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Evaluaties van OPP's die u mag zien", tags=[TAG],
                       parameters=[filters.param("opp", OpenApiTypes.INT, "Id van het OPP.")]),
    retrieve=extend_schema(summary="Eén evaluatie (wordt vastgelegd in de audittrail)", tags=[TAG]),
)
class EvaluatieViewSet(ToewijzingViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Evaluatie
    serializer_class = EvaluatieSerializer

    def get_queryset(self):
        qs = self.visible().select_related("door")
        if self.action == "list" and (opp := filters.integer(self.request.query_params, "opp")) is not None:
            qs = qs.filter(opp_id=opp)
        return qs


@extend_schema_view(
    list=extend_schema(summary="Instemmingen van ouders met het handelingsdeel", tags=[TAG],
                       parameters=[filters.param("opp", OpenApiTypes.INT, "Id van het OPP."),
                                   filters.param("versie", OpenApiTypes.INT, "Id van de versie.")]),
    retrieve=extend_schema(summary="Eén instemming (wordt vastgelegd in de audittrail)", tags=[TAG]),
)
class InstemmingViewSet(ToewijzingViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Instemming
    serializer_class = InstemmingSerializer

    def get_queryset(self):
        qs = self.visible().select_related("ouder", "versie")
        if self.action == "list":
            params = self.request.query_params
            if (opp := filters.integer(params, "opp")) is not None:
                qs = qs.filter(versie__opp_id=opp)
            if (versie := filters.integer(params, "versie")) is not None:
                qs = qs.filter(versie_id=versie)
        return qs
