urlpatterns: list = []  # the pages helper fills this
