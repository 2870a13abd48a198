from django.http import HttpResponse
from django.urls import include, path


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("account/", include("passend.accounts.urls")),
    path("scholen/", include("passend.register.urls_scholen")),
    path("leerlingen/", include("passend.register.urls")),
    path("toewijzing/", include("passend.toewijzing.urls")),
    path("zorgplicht/", include("passend.zorgplicht.urls")),
    path("opp/", include("passend.opp.urls")),
    path("ouders/", include("passend.ouders.urls")),
    path("thuiszitters/", include("passend.thuiszitters.urls")),
    path("middelen/", include("passend.middelen.urls")),
    path("netwerk/", include("passend.netwerk.urls")),
    path("vervoer/", include("passend.vervoer.urls")),
    path("steunpunt/", include("passend.steunpunt.urls")),
    path("monitoring/leerlingzorg/", include("passend.zorgplicht.views_monitoring")),
    path("audit/", include("passend.audit.urls")),
    path("api/v1/", include("passend.api.urls")),
    path("", include("passend.core.urls")),
]
