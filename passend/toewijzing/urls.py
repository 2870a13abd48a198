"""URLs under /toewijzing/: every room (views/*.py) keeps its own urlpatterns list."""

from .views import aanvragen, advies, arrangementen, behandeling, bezwaar, detail, monitoring, tlv

app_name = "toewijzing"

urlpatterns = [
    *detail.urlpatterns,
    *aanvragen.urlpatterns,
    *behandeling.urlpatterns,
    *advies.urlpatterns,
    *tlv.urlpatterns,
    *bezwaar.urlpatterns,
    *arrangementen.urlpatterns,
    *monitoring.urlpatterns,
]
