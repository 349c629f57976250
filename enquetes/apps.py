from django.apps import AppConfig


class EnquetesConfig(AppConfig):
    name = "enquetes"
