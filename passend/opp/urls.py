"""URLs (being written)."""

app_name = "opp"

urlpatterns = []
