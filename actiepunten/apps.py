from django.apps import AppConfig


class ActiepuntenConfig(AppConfig):
    name = "actiepunten"
