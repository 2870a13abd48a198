from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from passend.netwerk import api as netwerk_api
from passend.opp import api as opp_api
from passend.steunpunt import api as steunpunt_api
from passend.thuiszitters import api as thuiszitters_api
from passend.toewijzing import api as toewijzing_api
from passend.vervoer import api as vervoer_api
from passend.zorgplicht import api as zorgplicht_api

from . import views

app_name = "api"

router = DefaultRouter()
router.register("samenwerkingsverbanden", views.SamenwerkingsverbandViewSet, basename="samenwerkingsverband")
router.register("gemeenten", views.GemeenteViewSet, basename="gemeente")
router.register("schoolbesturen", views.SchoolbestuurViewSet, basename="schoolbestuur")
router.register("scholen", views.SchoolViewSet, basename="school")
router.register("leerlingen", views.LeerlingViewSet, basename="leerling")
router.register("inschrijvingen", views.InschrijvingViewSet, basename="inschrijving")
router.register("ouders", views.OuderViewSet, basename="ouder")
router.register("audit", views.AuditEventViewSet, basename="audit")
router.register("aanvragen", toewijzing_api.AanvraagViewSet, basename="aanvraag")
router.register("adviesopdrachten", toewijzing_api.AdviesopdrachtViewSet, basename="adviesopdracht")
router.register("tlvs", toewijzing_api.TlvViewSet, basename="tlv")
router.register("arrangementen", toewijzing_api.ArrangementViewSet, basename="arrangement")
router.register("bezwaren", toewijzing_api.BezwaarViewSet, basename="bezwaar")
router.register("aanmeldingen", zorgplicht_api.AanmeldingViewSet, basename="aanmelding")
router.register("opps", opp_api.OppViewSet, basename="opp")
router.register("oppversies", opp_api.OppVersieViewSet, basename="oppversie")
router.register("evaluaties", opp_api.EvaluatieViewSet, basename="evaluatie")
router.register("instemmingen", opp_api.InstemmingViewSet, basename="instemming")
router.register("thuiszitters", thuiszitters_api.MeldingViewSet, basename="thuiszitter")
netwerk_api.registreer(router)
vervoer_api.registreer(router)
steunpunt_api.registreer(router)

urlpatterns = [
    path("mij/", views.MijView.as_view(), name="mij"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:api-schema", template_name="api/redoc.html"), name="api-redoc"),
    path("", include(router.urls)),
]
