"""URLs under /zorgplicht/: the worklist, a new aanmelding, and one aanmelding with its actions and letter."""

from .views import detail, lijst

app_name = "zorgplicht"

urlpatterns = [
    *lijst.urlpatterns,
    *detail.urlpatterns,
]
