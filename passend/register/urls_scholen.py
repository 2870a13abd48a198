app_name = "scholen"
urlpatterns = []
