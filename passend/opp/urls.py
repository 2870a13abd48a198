"""URLs under /opp/: every page module (views/*.py) keeps its own urlpatterns list."""

from .views import detail, instemmen, lijst, mening, versie

app_name = "opp"

urlpatterns = [
    *lijst.urlpatterns,
    *detail.urlpatterns,
    *versie.urlpatterns,
    *instemmen.urlpatterns,
    *mening.urlpatterns,
]
