app_name = "scholen_tmp"
urlpatterns = []
