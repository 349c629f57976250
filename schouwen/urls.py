app_name = "schouwen"

urlpatterns = []
