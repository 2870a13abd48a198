"""URLs (being written)."""

app_name = "ouders"

urlpatterns = []
