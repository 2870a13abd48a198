urlpatterns: list = []  # the report helper fills this
