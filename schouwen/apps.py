from django.apps import AppConfig


class SchouwenConfig(AppConfig):
    name = "schouwen"
