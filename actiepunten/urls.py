app_name = "actiepunten"

urlpatterns = []
