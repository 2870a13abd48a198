"""REST API /api/v1/. Every queryset comes from passend.core.access.visible(); object access is checked with
passend.core.access.can() (ScopedPermission). Writes go through passend.register.services, which check the
access rules again inside their transaction.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q, prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.audit.services import record, record_view
from passend.core.access import can, can_create, visible
from passend.register import services
from passend.register.models import (
    Gemeente,
    Inschrijving,
    Leerling,
    Ouder,
    OuderKind,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Soort,
)

from . import filters
from .exceptions import Geweigerd
from .permissions import ScopedPermission
from .schema import PassendAutoSchema
from .serializers import (
    AuditEventSerializer,
    GemeenteSerializer,
    InschrijvingSerializer,
    LeerlingSerializer,
    MijSerializer,
    OuderSerializer,
    SamenwerkingsverbandSerializer,
    SchoolbestuurSerializer,
    SchoolSerializer,
)

AUDITED = (Leerling, Inschrijving, Ouder, OuderKind)
GEEN_TOEGANG = "U heeft geen toegang tot deze gegevens."


@contextmanager
def service_errors():
    """A validation error from a register service becomes a 400 with its Dutch messages (not a 500)."""
    try:
        yield
    except DjangoValidationError as fout:
        raise exceptions.ValidationError(fout.message_dict if hasattr(fout, "error_dict") else fout.messages) from None


class ScopedViewSetMixin:
    """Rows from the access layer for the active role; refusals of pupil data are written to the audit trail."""

    model = None
    schema = PassendAutoSchema()

    @property
    def rol(self):
        return getattr(self.request._request, "rol", None)

    def visible(self, model=None, action: str = "view"):
        model = model or self.model
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no role
            return model._default_manager.none()
        return visible(self.rol, model, action)

    def get_queryset(self):
        return self.visible()

    def check_object_permissions(self, request, obj):
        try:
            super().check_object_permissions(request, obj)  # ScopedPermission: can(rol, "view"/"change", obj)
        except exceptions.PermissionDenied:
            self.refuse(obj)

    def refuse(self, obj, message: str = GEEN_TOEGANG):
        if isinstance(obj, AUDITED):
            action = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
            record("denied", obj, omschrijving=f"Geen toegang ({action}) via API")
        raise Geweigerd(message)


# --------------------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(summary="Samenwerkingsverbanden", tags=["register"]),
    retrieve=extend_schema(summary="Eén samenwerkingsverband (op code, bijv. PO2707)", tags=["register"]),
)
class SamenwerkingsverbandViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Samenwerkingsverband
    serializer_class = SamenwerkingsverbandSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}[0-9]{4}"

    def get_queryset(self):
        return self.visible().prefetch_related("gemeenten")


class NaamZoekbaarViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only register list with `?q=` on the name."""

    def get_queryset(self):
        qs = self.visible()
        if self.action == "list" and (q := filters.text(self.request.query_params, "q")):
            qs = qs.filter(naam__icontains=q)
        return qs


@extend_schema_view(
    list=extend_schema(
        summary="Gemeenten", tags=["register"],
        parameters=[filters.param("q", description="Deel van de naam.")],
    ),
    retrieve=extend_schema(summary="Eén gemeente", tags=["register"]),
)
class GemeenteViewSet(NaamZoekbaarViewSet):
    model = Gemeente
    serializer_class = GemeenteSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Schoolbesturen", tags=["register"],
        parameters=[filters.param("q", description="Deel van de naam.")],
    ),
    retrieve=extend_schema(summary="Eén schoolbestuur", tags=["register"]),
)
class SchoolbestuurViewSet(NaamZoekbaarViewSet):
    model = Schoolbestuur
    serializer_class = SchoolbestuurSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Scholen (vestigingen uit het DUO-register)",
        tags=["register"],
        parameters=[
            filters.param("q", description="Deel van naam, plaats of vestigingscode."),
            filters.param("soort", description="Soort school.", enum=Soort.values),
            filters.param("gemeente", OpenApiTypes.INT, "Id van de gemeente."),
            filters.param("swv", description="Code van het samenwerkingsverband, bijv. PO2707."),
        ],
    ),
    retrieve=extend_schema(summary="Eén school (op vestigingscode)", tags=["register"]),
)
class SchoolViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = School
    serializer_class = SchoolSerializer
    lookup_field = "vestigingscode"
    lookup_value_regex = "[0-9A-Za-z]+"
    filter_backends = [OrderingFilter]
    ordering_fields = ["naam", "plaats", "vestigingscode", "soort", "leerlingen"]
    ordering = ["naam"]

    def get_queryset(self):
        qs = self.visible().select_related("gemeente", "regio_swv_po", "regio_swv_vo")
        if self.action != "list":
            return qs
        params = self.request.query_params
        if q := filters.text(params, "q"):
            qs = qs.filter(zoeknaam__contains=q.casefold())
        if soort := filters.choice(params, "soort", Soort.choices):
            qs = qs.filter(soort=soort)
        if (gemeente := filters.integer(params, "gemeente")) is not None:
            qs = qs.filter(gemeente_id=gemeente)
        if swv := filters.text(params, "swv").upper():
            qs = qs.filter(Q(regio_swv_po__code=swv) | Q(regio_swv_vo__code=swv))
        return qs

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


# --------------------------------------------------------------------------------------------------------
# Pupil data
# --------------------------------------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(
        summary="Leerlingen die u mag zien",
        tags=["leerlingen"],
        parameters=[
            filters.param("q", description="Deel van de naam."),
            filters.param("geboortedatum", OpenApiTypes.DATE, "Geboortedatum (JJJJ-MM-DD)."),
        ],
    ),
    retrieve=extend_schema(summary="Eén leerling (wordt vastgelegd in de audittrail)", tags=["leerlingen"]),
    create=extend_schema(
        summary="Leerling aanmaken",
        description="Alleen voor rollen die leerlinggegevens mogen wijzigen. De leerling hoort altijd bij het "
        "samenwerkingsverband van uw rol. Een school geeft de inschrijving op een eigen school mee.",
        tags=["leerlingen"],
    ),
    update=extend_schema(summary="Leerling wijzigen", tags=["leerlingen"]),
    partial_update=extend_schema(summary="Leerling deels wijzigen", tags=["leerlingen"]),
)
class LeerlingViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """No delete: a pupil leaves by ending the inschrijving."""

    model = Leerling
    serializer_class = LeerlingSerializer

    def get_queryset(self):
        qs = self.visible().select_related("swv").prefetch_related(
            Prefetch("inschrijvingen", queryset=Inschrijving.objects.select_related("school"))
        )
        if self.action == "list":
            params = self.request.query_params
            if q := filters.text(params, "q"):
                qs = qs.filter(zoeknaam__contains=q.casefold())
            if geboortedatum := filters.date(params, "geboortedatum"):
                qs = qs.filter(geboortedatum=geboortedatum)
        return qs

    def retrieve(self, request, *args, **kwargs):
        leerling = self.get_object()
        record_view(leerling, omschrijving="Bekeken via API")
        return Response(self.get_serializer(leerling).data)

    def create(self, request, *args, **kwargs):
        if not can_create(self.rol, Leerling):
            raise Geweigerd("Uw rol mag geen leerlingen aanmaken.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        gegevens = dict(serializer.validated_data)
        inschrijving = gegevens.pop("inschrijving", None) or {}
        with service_errors():
            leerling = services.leerling_aanmaken(
                self.rol, Leerling(**gegevens), school=inschrijving.get("school"),
                begindatum=inschrijving.get("begindatum"),
            )
        return Response(self.get_serializer(leerling).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        leerling = serializer.instance
        for veld, waarde in serializer.validated_data.items():
            setattr(leerling, veld, waarde)
        with service_errors():
            services.leerling_bijwerken(self.rol, leerling)


@extend_schema_view(
    list=extend_schema(
        summary="Inschrijvingen van leerlingen die u mag zien",
        tags=["leerlingen"],
        parameters=[filters.param("leerling", OpenApiTypes.INT, "Id van de leerling.")],
    ),
    retrieve=extend_schema(summary="Eén inschrijving", tags=["leerlingen"]),
    create=extend_schema(summary="Inschrijving toevoegen", tags=["leerlingen"]),
    update=extend_schema(
        summary="Inschrijving beëindigen of de einddatum corrigeren",
        description="Alleen de einddatum kan veranderen; een andere school of begindatum is een nieuwe inschrijving.",
        tags=["leerlingen"],
    ),
    partial_update=extend_schema(summary="Inschrijving beëindigen (alleen einddatum)", tags=["leerlingen"]),
)
class InschrijvingViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    model = Inschrijving
    serializer_class = InschrijvingSerializer

    def get_queryset(self):
        qs = self.visible().select_related("school", "leerling")
        if self.action == "list" and (leerling := filters.integer(self.request.query_params, "leerling")):
            qs = qs.filter(leerling_id=leerling)
        return qs

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["leerlingen"] = self.visible(Leerling)
        return context

    def check_object_permissions(self, request, obj):
        # The rule itself is in access.can(); checked here first only to give the specific message.
        rol = self.rol
        if request.method not in ("GET", "HEAD", "OPTIONS") and rol.rol == Rol.SCHOOL:
            if not rol.scholen.filter(pk=obj.school_id).exists():
                self.refuse(obj, "U kunt alleen inschrijvingen van uw eigen school wijzigen.")
        super().check_object_permissions(request, obj)

    def create(self, request, *args, **kwargs):
        if not can_create(self.rol, Inschrijving):
            raise Geweigerd("Uw rol mag geen inschrijvingen aanmaken.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        leerling = serializer.validated_data["leerling"]
        if not can(self.rol, "change", leerling):
            self.refuse(leerling)
        with service_errors():
            inschrijving = services.inschrijving_toevoegen(self.rol, Inschrijving(**serializer.validated_data))
        return Response(self.get_serializer(inschrijving).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        with service_errors():
            serializer.instance = services.inschrijving_beeindigen(
                self.rol, serializer.instance, serializer.validated_data["einddatum"]
            )


@extend_schema_view(
    list=extend_schema(
        summary="Ouders/verzorgers van leerlingen die u mag zien",
        tags=["leerlingen"],
        parameters=[filters.param("leerling", OpenApiTypes.INT, "Id van een kind.")],
    ),
    retrieve=extend_schema(summary="Eén ouder/verzorger", tags=["leerlingen"]),
)
class OuderViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Ouder
    serializer_class = OuderSerializer

    def get_queryset(self):
        relaties = self.visible(OuderKind).order_by("leerling_id")
        qs = self.visible().prefetch_related(Prefetch("kindrelaties", queryset=relaties, to_attr="zichtbare_relaties"))
        if self.action == "list" and (leerling := filters.integer(self.request.query_params, "leerling")):
            qs = qs.filter(kindrelaties__leerling_id=leerling)
        return qs


# --------------------------------------------------------------------------------------------------------
# Audit trail
# --------------------------------------------------------------------------------------------------------

class AuditPermission(ScopedPermission):
    """Only roles that may read the audit trail of their samenwerkingsverband get in at all (else 403)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        rol = request._request.rol
        return can(rol, "view", AuditEvent(swv_id=rol.swv_id))


@extend_schema_view(
    list=extend_schema(
        summary="Audittrail van uw samenwerkingsverband",
        tags=["audit"],
        parameters=[
            filters.param("leerling", OpenApiTypes.INT, "Id van de leerling."),
            filters.param("actie", description="Soort handeling.", enum=AuditEvent.Actie.values),
            filters.param("van", OpenApiTypes.DATE, "Vanaf deze datum (JJJJ-MM-DD)."),
            filters.param("tot", OpenApiTypes.DATE, "Tot en met deze datum (JJJJ-MM-DD)."),
        ],
    ),
    retrieve=extend_schema(summary="Eén auditregel", tags=["audit"]),
)
class AuditEventViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = AuditEvent
    serializer_class = AuditEventSerializer
    permission_classes = [AuditPermission]

    def get_queryset(self):
        qs = self.visible().select_related("swv")
        if self.action != "list":
            return qs
        params = self.request.query_params
        if (leerling := filters.integer(params, "leerling")) is not None:
            qs = qs.filter(leerling_id=leerling)
        if actie := filters.choice(params, "actie", AuditEvent.Actie.choices):
            qs = qs.filter(actie=actie)
        if van := filters.date(params, "van"):
            qs = qs.filter(tijdstip__date__gte=van)
        if tot := filters.date(params, "tot"):
            qs = qs.filter(tijdstip__date__lte=tot)
        return qs


# --------------------------------------------------------------------------------------------------------
# The current user
# --------------------------------------------------------------------------------------------------------

class MijView(APIView):
    permission_classes = [IsAuthenticated]
    schema = PassendAutoSchema()

    @extend_schema(
        summary="Wie ben ik: gebruiker, actieve rol en alle rollen",
        description="Kies per verzoek een rol met de header `X-Passend-Rol: <id>` (een id uit `rollen`).",
        responses=MijSerializer,
        tags=["mij"],
    )
    def get(self, request):
        rollen = list(getattr(request._request, "rollen", []))
        prefetch_related_objects(rollen, "scholen")
        rol = getattr(request._request, "rol", None)
        actieve = next((r for r in rollen if rol is not None and r.pk == rol.pk), rol)
        data = {"gebruiker": request.user, "actieve_rol": actieve, "rollen": rollen}
        return Response(MijSerializer(data, context={"request": request}).data)
