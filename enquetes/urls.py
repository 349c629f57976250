app_name = "enquetes"

urlpatterns = []
