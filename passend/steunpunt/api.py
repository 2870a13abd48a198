"""REST API of the Steunpunt Passend Onderwijs under /api/v1/steunpunt/: the knowledge base, the activities with
registration, the newsletter subscription, the helpdesk and the antenna.

The same rules as the pages (passend/steunpunt/views_*.py) and the other modules' APIs (passend/netwerk/api.py):

- Public, also without login (no token): reading published articles and activities, registering for an activity,
  subscribing to the newsletter. With a token the Steunpunt (Rol.STEUNPUNT) reads drafts as well.
- Everything else needs a token and an active role. Rows come from passend.core.access.visible() for that role
  (a row outside it is a 404); every write goes through passend.steunpunt.services, which checks the role again
  inside its transaction. Wrong input is a 400 with the service's Dutch message, a refusal a 403.
- The antenna answers only suppressed aggregates (passend.steunpunt.antenne): a cell below 5 is `null` with
  `verborgen: true`; SWV's that chose to stay anonymous appear as "SWV A", "SWV B" ..., without code or pupil count.

- steunpunt/artikelen/                    list (?q, ?soort, ?thema, ?sector, ?doelgroep, ?status), read (by slug);
                                          POST, PUT, PATCH, {slug}/status/ for the Steunpunt
- steunpunt/activiteiten/                 list (?periode, ?soort, ?thema, ?sector), read; {id}/aanmelden/ (public);
                                          {id}/deelnemers/ for the Steunpunt
- steunpunt/abonnementen/                 POST an e-mail address: the newsletter's double opt-in, step 1
- steunpunt/vragen/                       helpdesk: own questions (Steunpunt: all), ask; {id}/oppakken/,
                                          {id}/beantwoorden/, {id}/faq/ (Steunpunt), {id}/sluiten/
- steunpunt/antenne/                      suppressed indicator tables of a school year (?schooljaar); trend/,
                                          verdeelmodellen/ (Steunpunt and SWV staff); signalen/ (Steunpunt)
"""

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from passend.accounts.models import SWV_STAF
from passend.api import filters
from passend.api.exceptions import Geweigerd
from passend.api.permissions import ScopedPermission
from passend.api.schema import PassendAutoSchema
from passend.api.views import ScopedViewSetMixin
from passend.core.access import visible
from passend.register.models import Samenwerkingsverband
from passend.toewijzing.api import FOUTEN, diensten

from . import antenne, regels, services
from .models import (
    Activiteit,
    Antennedeelname,
    Artikel,
    Deelname,
    Doelgroep,
    Sector,
    Thema,
    Vraag,
    met_keuze,
)

TAG = "steunpunt"
TAG_ANTENNE = "steunpunt: antenne"
ALLEEN_STEUNPUNT = "Alleen medewerkers van het Steunpunt mogen dit doen."
GEEN_ANTENNE = "Alleen het Steunpunt en medewerkers van een samenwerkingsverband zien de antenne."
AANMELDING_ONTVANGEN = {
    "geplaatst": "U bent aangemeld. U ontvangt een bevestiging per e-mail.",
    "wachtlijst": "De activiteit is vol. U staat op de wachtlijst; komt er een plaats vrij, dan krijgt u bericht.",
}
ABONNEMENT_ONTVANGEN = ("Dank u. Als dit adres nog niet is bevestigd, ontvangt u een e-mail met een link om uw "
                        "aanmelding te bevestigen.")
PERIODES = ("komend", "voorbij", "alle")
# OpenAPI: these operations also work without any authentication.
PUBLIEK = [{"tokenAuth": []}, {"cookieAuth": []}, {}]


def _rol(request):
    return getattr(getattr(request, "_request", request), "rol", None)


def _rol_van(serializer):
    return _rol(serializer.context["request"]) if serializer.context.get("request") is not None else None


def _codes(keuzes) -> str:
    return ", ".join(f"`{c.value}` ({c.label})" for c in keuzes)


def _is_steunpunt(serializer) -> bool:
    return services.is_steunpunt(_rol_van(serializer))


class PubliekLezen(BasePermission):
    """Reading, and the view's `publieke_acties`, for everyone (also without login); the rest as
    ScopedPermission (logged in with an active role, object access by passend.core.access.can)."""

    message = ScopedPermission.message

    def _publiek(self, request, view) -> bool:
        return request.method in SAFE_METHODS or getattr(view, "action", None) in getattr(view, "publieke_acties", ())

    def has_permission(self, request, view):
        return self._publiek(request, view) or ScopedPermission().has_permission(request, view)

    def has_object_permission(self, request, view, obj):
        if self._publiek(request, view):
            return True  # the queryset already holds only what this visitor may see
        return ScopedPermission().has_object_permission(request, view, obj)


class PubliekThrottle(AnonRateThrottle):
    """Registering and subscribing without login: at most this many per hour per address."""

    scope = "steunpunt_publiek"
    rate = "30/hour"


class EenObjectSchema(PassendAutoSchema):
    """GET on the collection URL that answers one object (not a paged list)."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


def _themas(slugs) -> list[Thema]:
    slugs = list(dict.fromkeys(slugs or []))
    themas = {t.slug: t for t in Thema.objects.filter(slug__in=slugs)}
    onbekend = [s for s in slugs if s not in themas]
    if onbekend:
        raise exceptions.ValidationError({"themas": [f"Onbekend thema: {', '.join(onbekend)}; zie de lijst "
                                                     "bij GET steunpunt/artikelen/ (veld themas)."]})
    return [themas[s] for s in slugs]


def _thema_param(params):
    slug = filters.text(params, "thema")
    if not slug:
        return None
    thema = Thema.objects.filter(slug=slug).first()
    if thema is None:
        bekend = ", ".join(Thema.objects.values_list("slug", flat=True))
        raise exceptions.ValidationError({"thema": [f"Onbekend thema '{slug}'; kies uit: {bekend}."]})
    return thema


# --------------------------------------------------------------------------------------------------------
# Artikelen
# --------------------------------------------------------------------------------------------------------

class ArtikelLijstSerializer(serializers.ModelSerializer):
    soort = serializers.CharField(read_only=True, help_text="Soort: " + _codes(Artikel.Soort) + ".")
    soort_tekst = serializers.CharField(source="get_soort_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text="Status: " + _codes(Artikel.Status) + ". Alleen het "
                                   "Steunpunt ziet andere dan `gepubliceerd`.")
    themas = serializers.SerializerMethodField(help_text="Slugs van de thema's.")
    sectoren = serializers.ListField(source="sector_lijst", child=serializers.CharField(), read_only=True,
                                     help_text="Sectoren: " + _codes(Sector) + ".")
    doelgroepen = serializers.ListField(source="doelgroep_lijst", child=serializers.CharField(), read_only=True,
                                        help_text="Doelgroepen: " + _codes(Doelgroep) + ".")
    pagina = serializers.SerializerMethodField(help_text="De openbare pagina van het artikel.")

    class Meta:
        model = Artikel
        fields = ["slug", "titel", "soort", "soort_tekst", "samenvatting", "themas", "sectoren", "doelgroepen",
                  "status", "gepubliceerd_op", "bijgewerkt_op", "pagina"]

    def get_themas(self, obj) -> list[str]:
        return [t.slug for t in obj.themas.all()]

    def get_pagina(self, obj) -> str:
        pad = reverse("steunpunt:artikel", args=[obj.slug])
        request = self.context.get("request")
        return request.build_absolute_uri(pad) if request is not None else pad


class ArtikelSerializer(ArtikelLijstSerializer):
    """One item of the knowledge base with its text (Markdown) and sources."""

    bronnen = serializers.ListField(source="bron_lijst", child=serializers.CharField(), read_only=True)
    heeft_bestand = serializers.SerializerMethodField(help_text="Een document met een pdf (te openen via de pagina).")
    van_passend = serializers.BooleanField(source="uit_passend", read_only=True,
                                           help_text="Passends eigen uitleg van een regel die het platform toepast.")

    class Meta(ArtikelLijstSerializer.Meta):
        fields = [*ArtikelLijstSerializer.Meta.fields, "tekst", "bronnen", "heeft_bestand", "bestandsnaam",
                  "van_passend"]

    def get_heeft_bestand(self, obj) -> bool:
        return bool(obj.bestand)


class ArtikelInvoerSerializer(serializers.Serializer):
    """A new article, or the whole article (PUT), or only what you send (PATCH). A document (with a pdf) is
    uploaded on the page; here it can only be changed once it has one."""

    titel = serializers.CharField(max_length=200)
    soort = serializers.CharField(max_length=20, help_text="Soort: " + _codes(Artikel.Soort) + ".")
    samenvatting = serializers.CharField(max_length=400, required=False, allow_blank=True, default="")
    tekst = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="Markdown: alinea's, ## kopjes, - lijstjes, [links](https://…).")
    themas = serializers.ListField(child=serializers.SlugField(), required=False, default=list,
                                   help_text="Slugs van de thema's.")
    sectoren = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                     help_text="Sectoren: " + _codes(Sector) + ".")
    doelgroepen = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                        help_text="Doelgroepen: " + _codes(Doelgroep) + ".")
    bronnen = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                    help_text="Webadressen, beginnend met https://.")

    def _keuzes(self, waarden, keuzes):
        onbekend = [w for w in waarden if w not in keuzes.values]
        if onbekend:
            raise serializers.ValidationError(f"Onbekende waarde: {', '.join(onbekend)}; kies uit: "
                                              f"{', '.join(keuzes.values)}.")
        return list(dict.fromkeys(waarden))

    def validate_sectoren(self, waarden):
        return self._keuzes(waarden, Sector)

    def validate_doelgroepen(self, waarden):
        return self._keuzes(waarden, Doelgroep)


class ArtikelStatusSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="Nieuwe status: " + _codes(Artikel.Status) + ".")


def _params_artikelen():
    return [
        filters.param("q", description="Zoekwoorden: elk woord moet in de titel, samenvatting of tekst staan."),
        filters.param("soort", description="Soort artikel.", enum=Artikel.Soort.values),
        filters.param("thema", description="Slug van een thema, bijv. `zorgplicht`."),
        filters.param("sector", description="Sector.", enum=Sector.values),
        filters.param("doelgroep", description="Doelgroep.", enum=Doelgroep.values),
        filters.param("status", description="Alleen voor het Steunpunt: status van het artikel.",
                      enum=Artikel.Status.values),
    ]


SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="De slug van het artikel.")


@extend_schema_view(
    list=extend_schema(
        summary="Kennisbank: gepubliceerde artikelen, documenten, praktijkvoorbeelden en veelgestelde vragen",
        description="Openbaar: ook zonder token. Het Steunpunt ziet ook concepten en gearchiveerde artikelen.",
        tags=[TAG], parameters=_params_artikelen(), auth=PUBLIEK,
    ),
    retrieve=extend_schema(summary="Eén artikel met de tekst", tags=[TAG], parameters=[SLUG], auth=PUBLIEK),
    create=extend_schema(
        summary="Artikel aanmaken (Steunpunt; als concept)",
        description="Een document heeft een pdf nodig; die uploadt u op de pagina van de kennisbank.",
        tags=[TAG], request=ArtikelInvoerSerializer, responses={201: ArtikelSerializer, **FOUTEN},
    ),
    update=extend_schema(summary="Artikel opslaan (Steunpunt)", tags=[TAG], parameters=[SLUG],
                         request=ArtikelInvoerSerializer, responses={200: ArtikelSerializer, **FOUTEN}),
    partial_update=extend_schema(summary="Artikel deels wijzigen (Steunpunt)", tags=[TAG], parameters=[SLUG],
                                 request=ArtikelInvoerSerializer, responses={200: ArtikelSerializer, **FOUTEN}),
)
class ArtikelViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = Artikel
    permission_classes = [PubliekLezen]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_class(self):
        return ArtikelLijstSerializer if self.action == "list" else ArtikelSerializer

    def get_queryset(self):
        if self.rol is None:
            qs = Artikel.objects.filter(status=Artikel.Status.GEPUBLICEERD)
        else:
            qs = self.visible()
        qs = qs.prefetch_related("themas")
        if self.action != "list":
            return qs
        params = self.request.query_params
        for woord in filters.text(params, "q").casefold().split():
            qs = qs.filter(zoektekst__contains=woord)
        if soort := filters.choice(params, "soort", Artikel.Soort.choices):
            qs = qs.filter(soort=soort)
        if (thema := _thema_param(params)) is not None:
            qs = qs.filter(themas=thema)
        if sector := filters.choice(params, "sector", Sector.choices):
            qs = qs.filter(met_keuze("sectoren", sector))
        if doelgroep := filters.choice(params, "doelgroep", Doelgroep.choices):
            qs = qs.filter(met_keuze("doelgroepen", doelgroep))
        if waarde := filters.choice(params, "status", Artikel.Status.choices):
            qs = qs.filter(status=waarde)
        return qs

    def _eis_steunpunt(self):
        if not services.is_steunpunt(self.rol):
            raise Geweigerd(ALLEEN_STEUNPUNT)

    def _detail(self, artikel, code=status.HTTP_200_OK):
        vers = Artikel.objects.prefetch_related("themas").get(pk=artikel.pk)
        return Response(ArtikelSerializer(vers, context=self.get_serializer_context()).data, status=code)

    def _opslaan(self, request, artikel, partial: bool):
        self._eis_steunpunt()
        invoer = ArtikelInvoerSerializer(data=request.data, partial=partial)
        invoer.is_valid(raise_exception=True)
        data = dict(invoer.validated_data)
        if artikel is not None:
            huidig = {"titel": artikel.titel, "soort": artikel.soort, "samenvatting": artikel.samenvatting,
                      "tekst": artikel.tekst, "themas": [t.slug for t in artikel.themas.all()],
                      "sectoren": artikel.sector_lijst, "doelgroepen": artikel.doelgroep_lijst,
                      "bronnen": artikel.bron_lijst}
            data = {**huidig, **data} if partial else data
        with diensten(artikel):
            a = services.artikel_opslaan(
                self.rol, artikel, titel=data["titel"], soort=data["soort"], samenvatting=data["samenvatting"],
                tekst=data["tekst"], themas=_themas(data["themas"]), sectoren=data["sectoren"],
                doelgroepen=data["doelgroepen"], bronnen="\n".join(data["bronnen"]),
            )
        return self._detail(a, status.HTTP_201_CREATED if artikel is None else status.HTTP_200_OK)

    def create(self, request, *args, **kwargs):
        return self._opslaan(request, None, partial=False)

    def update(self, request, *args, **kwargs):
        self._eis_steunpunt()
        return self._opslaan(request, self.get_object(), partial=kwargs.get("partial", False))

    def partial_update(self, request, *args, **kwargs):
        self._eis_steunpunt()
        return self._opslaan(request, self.get_object(), partial=True)

    @extend_schema(
        summary="Artikel publiceren, archiveren of terug naar concept (Steunpunt)",
        description="Publiceren zet de publicatiedatum (alleen de eerste keer).",
        tags=[TAG], parameters=[SLUG], request=ArtikelStatusSerializer,
        responses={200: ArtikelSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def status_zetten(self, request, slug=None):
        self._eis_steunpunt()
        artikel = self.get_object()
        invoer = ArtikelStatusSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(artikel):
            services.artikel_status(self.rol, artikel, invoer.validated_data["status"])
        return self._detail(artikel)


# --------------------------------------------------------------------------------------------------------
# Activiteiten
# --------------------------------------------------------------------------------------------------------

class ActiviteitSerializer(serializers.ModelSerializer):
    soort = serializers.CharField(read_only=True, help_text="Soort: " + _codes(Activiteit.Soort) + ".")
    soort_tekst = serializers.CharField(source="get_soort_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text="Status: " + _codes(Activiteit.Status) + ".")
    themas = serializers.SerializerMethodField(help_text="Slugs van de thema's.")
    sectoren = serializers.ListField(source="sector_lijst", child=serializers.CharField(), read_only=True)
    geplaatst = serializers.IntegerField(read_only=True, help_text="Geplaatste deelnemers.")
    wachtlijst = serializers.IntegerField(read_only=True, help_text="Deelnemers op de wachtlijst.")
    vrij = serializers.SerializerMethodField(help_text="Vrije plaatsen.")
    open_voor_aanmelding = serializers.SerializerMethodField(
        help_text="Aanmelden kan (gepubliceerd en nog niet begonnen); is de activiteit vol, dan op de wachtlijst.")
    online_link = serializers.SerializerMethodField(
        help_text="Alleen voor het Steunpunt; deelnemers krijgen de link in hun bevestiging.")
    pagina = serializers.SerializerMethodField()

    class Meta:
        model = Activiteit
        fields = ["id", "titel", "soort", "soort_tekst", "omschrijving", "begin", "eind", "locatie", "capaciteit",
                  "geplaatst", "wachtlijst", "vrij", "open_voor_aanmelding", "themas", "sectoren", "status",
                  "online_link", "pagina"]

    def get_themas(self, obj) -> list[str]:
        return [t.slug for t in obj.themas.all()]

    def get_vrij(self, obj) -> int:
        return max(0, obj.capaciteit - obj.geplaatst)

    def get_open_voor_aanmelding(self, obj) -> bool:
        return services.open_voor_aanmelding(obj)

    def get_online_link(self, obj) -> str:
        return obj.online_link if _is_steunpunt(self) else ""

    def get_pagina(self, obj) -> str:
        pad = reverse("steunpunt:activiteit", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(pad) if request is not None else pad


class AanmeldenSerializer(serializers.Serializer):
    naam = serializers.CharField(max_length=150, allow_blank=True)
    email = serializers.CharField(max_length=254, allow_blank=True, help_text="Hierheen gaat de bevestiging.")
    organisatie = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class DeelnameOntvangenSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="`geplaatst`, of `wachtlijst` als de activiteit vol is.")
    status_tekst = serializers.CharField()
    bericht = serializers.CharField()
    activiteit = serializers.IntegerField()


class DeelnemerSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="Status: " + _codes(Deelname.Status) + ".")

    class Meta:
        model = Deelname
        fields = ["id", "naam", "email", "organisatie", "status", "aangemeld_op", "geplaatst_op", "afgemeld_op",
                  "aanwezig"]


def _params_activiteiten():
    return [
        filters.param("periode", description="`komend` (standaard): nog niet begonnen; `voorbij`; `alle`.",
                      enum=list(PERIODES)),
        filters.param("soort", description="Soort activiteit.", enum=Activiteit.Soort.values),
        filters.param("thema", description="Slug van een thema."),
        filters.param("sector", description="Sector.", enum=Sector.values),
    ]


@extend_schema_view(
    list=extend_schema(summary="Agenda: webinars, regiobijeenkomsten en trainingen",
                       description="Openbaar: ook zonder token. Het Steunpunt ziet ook concepten en geannuleerde.",
                       tags=[TAG], parameters=_params_activiteiten(), auth=PUBLIEK),
    retrieve=extend_schema(summary="Eén activiteit", tags=[TAG], auth=PUBLIEK),
)
class ActiviteitViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    model = Activiteit
    serializer_class = ActiviteitSerializer
    permission_classes = [PubliekLezen]
    publieke_acties = ("aanmelden",)

    def get_throttles(self):
        return [PubliekThrottle()] if self.action == "aanmelden" else super().get_throttles()

    def get_queryset(self):
        qs = Activiteit.objects.filter(status=Activiteit.Status.GEPUBLICEERD) if self.rol is None else self.visible()
        qs = qs.prefetch_related("themas").annotate(
            geplaatst=Count("deelnames", filter=Q(deelnames__status=Deelname.Status.GEPLAATST)),
            wachtlijst=Count("deelnames", filter=Q(deelnames__status=Deelname.Status.WACHTLIJST)),
        ).order_by("begin", "pk")
        if self.action != "list":
            return qs
        params = self.request.query_params
        periode = filters.choice(params, "periode", [(p, p) for p in PERIODES]) or "komend"
        nu = timezone.now()
        if periode == "komend":
            qs = qs.filter(begin__gt=nu)
        elif periode == "voorbij":
            qs = qs.filter(begin__lte=nu).order_by("-begin", "-pk")
        if soort := filters.choice(params, "soort", Activiteit.Soort.choices):
            qs = qs.filter(soort=soort)
        if (thema := _thema_param(params)) is not None:
            qs = qs.filter(themas=thema)
        if sector := filters.choice(params, "sector", Sector.choices):
            qs = qs.filter(met_keuze("sectoren", sector))
        return qs

    @extend_schema(
        summary="Aanmelden voor een activiteit (openbaar, zonder token)",
        description="Zolang er plaats is wordt u geplaatst, anders komt u op de wachtlijst (wie eerst komt, eerst "
        "maalt). U ontvangt een bevestiging per e-mail, met een link om u af te melden.",
        tags=[TAG], request=AanmeldenSerializer, auth=PUBLIEK,
        responses={201: DeelnameOntvangenSerializer, 400: FOUTEN[400], 404: FOUTEN[404],
                   429: OpenApiResponse(description="Te veel aanmeldingen vanaf dit adres; probeer het later.")},
    )
    @action(detail=True, methods=["post"], url_path="aanmelden", url_name="aanmelden")
    def aanmelden(self, request, pk=None):
        activiteit = self.get_object()
        invoer = AanmeldenSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten():
            d = services.aanmelden(activiteit, **invoer.validated_data)
        data = {"status": d.status, "status_tekst": d.get_status_display(), "bericht": AANMELDING_ONTVANGEN[d.status],
                "activiteit": activiteit.pk}
        return Response(DeelnameOntvangenSerializer(data).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Deelnemers en wachtlijst van een activiteit (Steunpunt)",
        description="In volgorde van aanmelding. Namen en adressen worden na afloop verwijderd (bewaartermijn).",
        tags=[TAG], responses={200: DeelnemerSerializer(many=True), 403: FOUTEN[403], 404: FOUTEN[404]},
    )
    @action(detail=True, methods=["get"], url_path="deelnemers", url_name="deelnemers", pagination_class=None)
    def deelnemers(self, request, pk=None):
        activiteit = self.get_object()
        if not services.is_steunpunt(self.rol):
            raise Geweigerd(ALLEEN_STEUNPUNT)
        rijen = visible(self.rol, Deelname).filter(activiteit=activiteit)
        return Response(DeelnemerSerializer(rijen, many=True).data)


# --------------------------------------------------------------------------------------------------------
# Nieuwsbrief
# --------------------------------------------------------------------------------------------------------

class AbonnerenSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254, allow_blank=True)


class AbonnementOntvangenSerializer(serializers.Serializer):
    detail = serializers.CharField()


class AbonnementViewSet(viewsets.GenericViewSet):
    """Only POST: subscribing (double opt-in). Confirming and unsubscribing go through the links in the mails."""

    permission_classes = [PubliekLezen]
    publieke_acties = ("create",)
    schema = PassendAutoSchema()
    serializer_class = AbonnerenSerializer

    def get_throttles(self):
        return [PubliekThrottle()]

    @extend_schema(
        summary="Aanmelden voor de nieuwsbrief (openbaar, zonder token)",
        description="Stap 1 van de dubbele aanmelding: u ontvangt een e-mail met een bevestigingslink. Het "
        "antwoord is altijd hetzelfde, ook als het adres al bekend is.",
        tags=[TAG], request=AbonnerenSerializer, auth=PUBLIEK,
        responses={202: AbonnementOntvangenSerializer, 400: FOUTEN[400],
                   429: OpenApiResponse(description="Te veel aanmeldingen vanaf dit adres; probeer het later.")},
    )
    def create(self, request):
        invoer = AbonnerenSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten():
            services.abonneren(invoer.validated_data["email"])
        return Response({"detail": ABONNEMENT_ONTVANGEN}, status=status.HTTP_202_ACCEPTED)


# --------------------------------------------------------------------------------------------------------
# Helpdesk
# --------------------------------------------------------------------------------------------------------

class VraagSerializer(serializers.ModelSerializer):
    thema = serializers.CharField(source="thema.slug", read_only=True)
    thema_naam = serializers.CharField(source="thema.naam", read_only=True)
    sectoren = serializers.ListField(source="sector_lijst", child=serializers.CharField(), read_only=True)
    status = serializers.CharField(read_only=True, help_text="Status: " + _codes(Vraag.Status) + ".")
    status_tekst = serializers.CharField(source="get_status_display", read_only=True)
    reactie_werkdagen = serializers.SerializerMethodField(
        help_text="Werkdagen van de vraag tot het antwoord (open: tot nu).")
    op_tijd = serializers.SerializerMethodField(
        help_text="Beantwoord binnen de norm (true/false); leeg zolang de vraag open is en binnen de norm.")
    faq = serializers.SerializerMethodField(help_text="Slug van de veelgestelde vraag die van het antwoord is gemaakt.")
    vrager = serializers.SerializerMethodField(help_text="Alleen voor het Steunpunt: wie de vraag stelde.")
    vrager_rol = serializers.SerializerMethodField(help_text="Alleen voor het Steunpunt.")
    vrager_swv = serializers.SerializerMethodField(help_text="Alleen voor het Steunpunt: code van het SWV.")
    behandelaar = serializers.SerializerMethodField(help_text="Alleen voor het Steunpunt.")

    class Meta:
        model = Vraag
        fields = ["id", "nummer", "onderwerp", "tekst", "thema", "thema_naam", "sectoren", "status", "status_tekst",
                  "gesteld_op", "opgepakt_op", "antwoord", "beantwoord_op", "gesloten_op", "reactie_werkdagen",
                  "op_tijd", "faq", "vrager", "vrager_rol", "vrager_swv", "behandelaar"]

    def get_reactie_werkdagen(self, obj) -> float:
        return regels.werkdagen_tussen(obj.gesteld_op, obj.beantwoord_op or timezone.now())

    def get_op_tijd(self, obj) -> bool | None:
        return regels.reactie_op_tijd(obj.gesteld_op, obj.beantwoord_op, timezone.now(),
                                      settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN)

    def get_faq(self, obj) -> str:
        return obj.faq.slug if obj.faq_id else ""

    def get_vrager(self, obj) -> str:
        return str(obj.vrager) if obj.vrager_id and _is_steunpunt(self) else ""

    def get_vrager_rol(self, obj) -> str:
        return obj.vrager_rol if _is_steunpunt(self) else ""

    def get_vrager_swv(self, obj) -> str:
        return obj.vrager_swv.code if obj.vrager_swv_id and _is_steunpunt(self) else ""

    def get_behandelaar(self, obj) -> str:
        return str(obj.behandelaar) if obj.behandelaar_id and _is_steunpunt(self) else ""


class VraagInvoerSerializer(serializers.Serializer):
    onderwerp = serializers.CharField(max_length=200, allow_blank=True)
    tekst = serializers.CharField(allow_blank=True)
    thema = serializers.SlugField(allow_blank=True, help_text="Slug van het thema, bijv. `zorgplicht`.")
    sectoren = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                     help_text="Sectoren: " + _codes(Sector) + ".")

    def validate_sectoren(self, waarden):
        onbekend = [w for w in waarden if w not in Sector.values]
        if onbekend:
            raise serializers.ValidationError(f"Onbekende sector: {', '.join(onbekend)}.")
        return list(dict.fromkeys(waarden))


class AntwoordSerializer(serializers.Serializer):
    antwoord = serializers.CharField(allow_blank=True)


class FaqSerializer(serializers.Serializer):
    titel = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                  help_text="Leeg: het onderwerp van de vraag.")
    tekst = serializers.CharField(required=False, allow_blank=True, default="", help_text="Leeg: het antwoord.")


def _params_vragen():
    return [
        filters.param("status", description="Status van de vraag.", enum=Vraag.Status.values),
        filters.param("thema", description="Slug van een thema."),
    ]


@extend_schema_view(
    list=extend_schema(summary="Helpdesk: uw eigen vragen (het Steunpunt: alle vragen)", tags=[TAG],
                       parameters=_params_vragen()),
    retrieve=extend_schema(summary="Eén vraag met het antwoord", tags=[TAG]),
    create=extend_schema(
        summary="Een vraag stellen aan de helpdesk van het Steunpunt",
        description="Voor scholen, schoolbesturen, samenwerkingsverbanden, ouders, gemeenten en deskundigen. Alleen "
        "u en het Steunpunt zien de vraag.",
        tags=[TAG], request=VraagInvoerSerializer, responses={201: VraagSerializer, **FOUTEN},
    ),
)
class VraagViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = Vraag
    serializer_class = VraagSerializer

    def get_queryset(self):
        qs = self.visible().select_related("thema", "faq", "vrager", "vrager_swv", "behandelaar")
        if self.action != "list":
            return qs
        params = self.request.query_params
        if waarde := filters.choice(params, "status", Vraag.Status.choices):
            qs = qs.filter(status=waarde)
        if (thema := _thema_param(params)) is not None:
            qs = qs.filter(thema=thema)
        return qs

    def _detail(self, vraag, code=status.HTTP_200_OK):
        vers = self.visible().select_related("thema", "faq", "vrager", "vrager_swv", "behandelaar").get(pk=vraag.pk)
        return Response(VraagSerializer(vers, context=self.get_serializer_context()).data, status=code)

    def _zichtbaar(self, pk) -> Vraag:
        vraag = self.visible().filter(pk=pk).first()
        if vraag is None:
            raise exceptions.NotFound()
        return vraag

    def create(self, request, *args, **kwargs):
        invoer = VraagInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        data = dict(invoer.validated_data)
        thema = Thema.objects.filter(slug=data["thema"]).first() if data["thema"] else None
        if data["thema"] and thema is None:
            raise exceptions.ValidationError({"thema": [f"Onbekend thema '{data['thema']}'."]})
        with diensten():
            v = services.vraag_stellen(self.rol, onderwerp=data["onderwerp"], tekst=data["tekst"], thema=thema,
                                       sectoren=data["sectoren"])
        return self._detail(v, status.HTTP_201_CREATED)

    @extend_schema(summary="Vraag oppakken (Steunpunt): u wordt de behandelaar", tags=[TAG], request=None,
                   responses={200: VraagSerializer, **FOUTEN})
    @action(detail=True, methods=["post"], url_path="oppakken", url_name="oppakken")
    def oppakken(self, request, pk=None):
        vraag = self._zichtbaar(pk)
        with diensten(vraag):
            services.vraag_oppakken(self.rol, vraag)
        return self._detail(vraag)

    @extend_schema(summary="Vraag beantwoorden (Steunpunt); de vrager krijgt een e-mail", tags=[TAG],
                   request=AntwoordSerializer, responses={200: VraagSerializer, **FOUTEN})
    @action(detail=True, methods=["post"], url_path="beantwoorden", url_name="beantwoorden")
    def beantwoorden(self, request, pk=None):
        vraag = self._zichtbaar(pk)
        invoer = AntwoordSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(vraag):
            services.vraag_beantwoorden(self.rol, vraag, invoer.validated_data["antwoord"])
        return self._detail(vraag)

    @extend_schema(summary="Vraag sluiten (de vrager of het Steunpunt)", tags=[TAG], request=None,
                   responses={200: VraagSerializer, **FOUTEN})
    @action(detail=True, methods=["post"], url_path="sluiten", url_name="sluiten")
    def sluiten(self, request, pk=None):
        vraag = self._zichtbaar(pk)
        with diensten(vraag):
            services.vraag_sluiten(self.rol, vraag)
        return self._detail(vraag)

    @extend_schema(
        summary="Van het antwoord een veelgestelde vraag maken (Steunpunt; als concept)",
        description="Het concept bevat het onderwerp en het antwoord, nooit de vrager. Controleer het op gegevens "
        "die iemand herkenbaar maken voordat u het publiceert.",
        tags=[TAG], request=FaqSerializer, responses={201: ArtikelSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="faq", url_name="faq")
    def faq(self, request, pk=None):
        vraag = self._zichtbaar(pk)
        invoer = FaqSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(vraag):
            a = services.naar_faq(self.rol, vraag, titel=invoer.validated_data["titel"] or None,
                                  tekst=invoer.validated_data["tekst"] or None)
        return Response(ArtikelSerializer(a, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


# --------------------------------------------------------------------------------------------------------
# Antenne
# --------------------------------------------------------------------------------------------------------

class AntenneCelSerializer(serializers.Serializer):
    aantal = serializers.IntegerField(allow_null=True, help_text="Leeg als het aantal verborgen is (\"<5\").")
    verborgen = serializers.BooleanField(help_text="true: minder dan 5, of nodig om een kleine cel te beschermen.")
    per_duizend = serializers.FloatField(allow_null=True, required=False,
                                         help_text="Per 1.000 leerlingen van de regio (alleen bij een getoond aantal).")


class AntenneRijSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="Naam en code, of anoniem (\"SWV C\").")
    swv = serializers.CharField(allow_null=True, help_text="Code van het SWV; leeg als het anoniem meedoet.")
    genoemd = serializers.BooleanField(help_text="Het SWV doet met naam mee (of het is uw eigen SWV).")
    eigen = serializers.BooleanField(help_text="Uw eigen SWV.")
    leerlingen = serializers.IntegerField(allow_null=True, help_text="Leerlingen van de regio (DUO); leeg bij een "
                                                                     "anoniem SWV.")
    cellen = AntenneCelSerializer(many=True)
    totaal = AntenneCelSerializer()
    kengetal = serializers.FloatField(allow_null=True, help_text="De kernwaarde van de rij (zie eenheid).")
    mediaan_dagen = serializers.FloatField(allow_null=True, required=False,
                                           help_text="Alleen bij doorlooptijd: de mediane doorlooptijd in dagen.")


class AntenneTabelSerializer(serializers.Serializer):
    sleutel = serializers.CharField()
    titel = serializers.CharField()
    uitleg = serializers.CharField()
    eenheid = serializers.CharField(help_text="Hoe het kengetal te lezen: `per 1.000`, `%` of `dagen`.")
    kolommen = serializers.ListField(child=serializers.CharField())
    rijen = AntenneRijSerializer(many=True)
    totaal = AntenneRijSerializer(help_text="Alle SWV's op het platform samen.")
    mediaan = serializers.FloatField(allow_null=True, help_text="Landelijke mediaan van het kengetal over de SWV's "
                                                               "met een getoonde waarde.")
    verborgen = serializers.IntegerField(help_text="Aantal cellen dat als \"<5\" wordt getoond.")


class AntenneSerializer(serializers.Serializer):
    schooljaar = serializers.IntegerField(help_text="Eerste kalenderjaar van het schooljaar.")
    schooljaar_label = serializers.CharField()
    drempel = serializers.IntegerField(help_text="Aantallen onder deze drempel worden niet getoond.")
    tabellen = AntenneTabelSerializer(many=True)


class AntenneTrendRijSerializer(serializers.Serializer):
    label = serializers.CharField()
    eigen = serializers.BooleanField()
    waarden = serializers.ListField(child=serializers.FloatField(allow_null=True), help_text="Per schooljaar.")


class AntenneTrendSerializer(serializers.Serializer):
    sleutel = serializers.CharField()
    titel = serializers.CharField()
    eenheid = serializers.CharField()
    schooljaren = serializers.ListField(child=serializers.CharField())
    rijen = AntenneTrendRijSerializer(many=True)
    mediaan = serializers.ListField(child=serializers.FloatField(allow_null=True))


class VerdeelmodelSerializer(serializers.Serializer):
    label = serializers.CharField()
    eigen = serializers.BooleanField()
    model = serializers.CharField(help_text="Het gekozen verdeelmodel.")
    aandelen = serializers.DictField(child=serializers.FloatField(),
                                     help_text="Procent van het budget naar scholen, leerlingen en expertise.")


class SignaalSerializer(serializers.Serializer):
    soort = serializers.CharField(help_text="`thema` (helpdeskvragen) of `indicator`.")
    onderwerp = serializers.CharField()
    wie = serializers.CharField(help_text="Het SWV (of anoniem), of `Helpdesk`.")
    toelichting = serializers.CharField()
    waarde = serializers.FloatField(allow_null=True)


def mag_antenne(rol) -> bool:
    return services.is_steunpunt(rol) or (rol is not None and rol.actief and rol.rol in SWV_STAF)


def _cel(aantal, per_duizend=None, met_per_duizend=False) -> dict:
    # An anonymous SWV's count is withheld (antenne.ANONIEM): null, not hidden as "<5"; only its rate shows.
    cel = {"aantal": None if aantal == antenne.ANONIEM else aantal, "verborgen": aantal is None}
    if met_per_duizend:
        cel["per_duizend"] = per_duizend
    return cel


def _rij(r, tabel, genoemd: set, codes: dict) -> dict:
    wel = r.swv_id is None or r.swv_id in genoemd
    per = tabel.met_per_duizend
    return {
        "label": r.label,
        "swv": codes.get(r.swv_id) if r.swv_id is not None and wel else None,
        "genoemd": wel,
        "eigen": r.eigen,
        "leerlingen": r.leerlingen if wel else None,
        "cellen": [_cel(c, r.per_duizend[i] if per else None, per) for i, c in enumerate(r.cellen)],
        "totaal": _cel(r.totaal, r.totaal_per_duizend, per),
        "kengetal": r.kengetal,
        "mediaan_dagen": r.mediaan_dagen,
    }


def antenne_json(tabellen: dict, eigen_swv_id) -> list[dict]:
    """The suppressed tables as plain data: hidden cells are null with `verborgen: true`; anonymous SWV's have
    no code and no pupil count (the DUO count of a region would name it)."""
    ids = {r.swv_id for t in tabellen.values() for r in t.rijen}
    genoemd = set(Antennedeelname.objects.filter(swv_id__in=ids, naam_tonen=True).values_list("swv_id", flat=True))
    if eigen_swv_id is not None:
        genoemd.add(eigen_swv_id)
    codes = dict(Samenwerkingsverband.objects.filter(pk__in=genoemd).values_list("pk", "code"))
    uit = []
    for t in tabellen.values():
        uit.append({
            "sleutel": t.sleutel, "titel": t.titel, "uitleg": t.uitleg, "eenheid": t.eenheid,
            "kolommen": list(t.kolommen), "rijen": [_rij(r, t, genoemd, codes) for r in t.rijen],
            "totaal": _rij(t.totaal, t, genoemd, codes), "mediaan": t.mediaan, "verborgen": t.verborgen,
        })
    return uit


ANTENNE_FOUTEN = {400: FOUTEN[400], 403: FOUTEN[403]}


class AntenneViewSet(ScopedViewSetMixin, viewsets.ViewSet):
    schema = EenObjectSchema()

    def _eis_toegang(self):
        if not mag_antenne(self.rol):
            raise Geweigerd(GEEN_ANTENNE)

    def _eigen(self):
        return None if services.is_steunpunt(self.rol) else self.rol.swv_id

    @extend_schema(
        summary="De landelijke antenne: per indicator de tabel van SWV's, met kleine aantallen verborgen",
        description="Voor het Steunpunt en medewerkers van een samenwerkingsverband. Elk aantal onder de 5 (en "
        "elk aantal dat nodig is om zo'n cel te beschermen) is leeg met `verborgen: true`; ook afgeleide cijfers "
        "(per 1.000, kengetallen, mediaan) komen alleen uit getoonde aantallen. SWV's die anoniem meedoen staan "
        "er als \"SWV A\", \"SWV B\" ... in; uw eigen SWV ziet u met naam.",
        tags=[TAG_ANTENNE],
        parameters=[filters.param("schooljaar", OpenApiTypes.INT,
                                  "Eerste jaar van een afgerond schooljaar (2024 = 2024-2025); standaard het "
                                  "laatste afgeronde. Een lopend schooljaar wordt niet getoond.")],
        responses={200: AntenneSerializer, **ANTENNE_FOUTEN},
    )
    def list(self, request):
        self._eis_toegang()
        vandaag = timezone.localdate()
        laatste = antenne.schooljaren(vandaag)[-1]
        jaar = filters.integer(request.query_params, "schooljaar")
        jaar = laatste if jaar is None else jaar
        if not 2000 <= jaar <= laatste:
            raise exceptions.ValidationError({"schooljaar": [
                f"Kies een afgerond schooljaar, van 2000 tot en met {laatste} ({laatste}-{laatste + 1})."]})
        eigen = self._eigen()
        data = {"schooljaar": jaar, "schooljaar_label": f"{jaar}-{jaar + 1}",
                "drempel": settings.PASSEND_ANTENNE_DREMPEL,
                "tabellen": antenne_json(antenne.tabellen(jaar, eigen_swv_id=eigen, vandaag=vandaag), eigen)}
        return Response(AntenneSerializer(data).data)

    @extend_schema(
        summary="Het verloop van één indicator per SWV over de laatste schooljaren",
        tags=[TAG_ANTENNE],
        parameters=[filters.param("indicator", description="De indicator.", enum=[*antenne.INDICATOREN])],
        responses={200: AntenneTrendSerializer, **ANTENNE_FOUTEN},
    )
    @action(detail=False, methods=["get"], url_path="trend", url_name="trend")
    def trend(self, request):
        self._eis_toegang()
        sleutel = filters.choice(request.query_params, "indicator", list(antenne.INDICATOREN.items())) or "tlv"
        t = antenne.trend(sleutel, eigen_swv_id=self._eigen())
        data = {"sleutel": t.sleutel, "titel": t.titel, "eenheid": t.eenheid, "schooljaren": t.jaren,
                "rijen": [{"label": label, "eigen": eigen, "waarden": waarden} for label, eigen, waarden in t.rijen],
                "mediaan": t.mediaan}
        return Response(AntenneTrendSerializer(data).data)

    @extend_schema(
        summary="Het verdeelmodel van elk SWV en de aandelen van het budget",
        description="Instellingen, geen leerlingaantallen; anonieme SWV's blijven anoniem.",
        tags=[TAG_ANTENNE], responses={200: VerdeelmodelSerializer(many=True), 403: FOUTEN[403]},
    )
    @action(detail=False, methods=["get"], url_path="verdeelmodellen", url_name="verdeelmodellen")
    def verdeelmodellen(self, request):
        self._eis_toegang()
        rijen = [{k: v for k, v in r.items() if k != "swv_id"} for r in antenne.verdeelmodellen(self._eigen())]
        return Response(VerdeelmodelSerializer(rijen, many=True).data)

    @extend_schema(
        summary="Signalen voor het Steunpunt: stijgende helpdeskthema's en indicatoren die sterk bewegen",
        tags=[TAG_ANTENNE], responses={200: SignaalSerializer(many=True), 403: FOUTEN[403]},
    )
    @action(detail=False, methods=["get"], url_path="signalen", url_name="signalen")
    def signalen(self, request):
        if not services.is_steunpunt(self.rol):
            raise Geweigerd("Alleen het Steunpunt ziet de signalen.")
        rijen = [{"soort": s.soort, "onderwerp": s.onderwerp, "wie": s.wie, "toelichting": s.toelichting,
                  "waarde": s.waarde} for s in antenne.signalen()]
        return Response(SignaalSerializer(rijen, many=True).data)


def registreer(router):
    router.register("steunpunt/artikelen", ArtikelViewSet, basename="steunpunt-artikel")
    router.register("steunpunt/activiteiten", ActiviteitViewSet, basename="steunpunt-activiteit")
    router.register("steunpunt/abonnementen", AbonnementViewSet, basename="steunpunt-abonnement")
    router.register("steunpunt/vragen", VraagViewSet, basename="steunpunt-vraag")
    router.register("steunpunt/antenne", AntenneViewSet, basename="steunpunt-antenne")

