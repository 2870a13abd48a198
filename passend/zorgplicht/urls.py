"""URLs (being written)."""

app_name = "zorgplicht"

urlpatterns = []
