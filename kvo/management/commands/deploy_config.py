from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from kvo.deploy import default_context, write

OPTIONS = [
    ("--server-name", "server_name", "hostnaam (standaard uit SITE_URL)"),
    ("--upstream", "upstream", "adres van gunicorn"),
    ("--http-listen", "http_listen", "nginx listen voor HTTP"),
    ("--https-listen", "https_listen", "nginx listen voor HTTPS"),
    ("--ssl-certificate", "ssl_certificate", "certificaat (met keten)"),
    ("--ssl-certificate-key", "ssl_certificate_key", "sleutel van het certificaat"),
    ("--log-dir", "log_dir", "map voor de logs van nginx"),
    ("--user", "user", "systeemgebruiker van de processen"),
    ("--group", "group", "systeemgroep van de processen"),
    ("--env-file", "env_file", "bestand met de omgevingsvariabelen"),
    ("--worker-concurrency", "worker_concurrency", "gelijktijdige taken per Celery-worker"),
]


class Command(BaseCommand):
    help = ("Schrijft de nginx-site en de systemd-units van deploy/, ingevuld met de "
            "instellingen, naar een map. Zie docs/operations.md.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        defaults = default_context()
        parser.add_argument("map", help="waar de bestanden komen (nginx/, systemd/)")
        for option, key, help_text in OPTIONS:
            parser.add_argument(option, dest=key, default=defaults[key],
                                help=f"{help_text} (standaard: {defaults[key]})")

    def handle(self, *args: Any, map: str, verbosity: int = 1, **options: Any) -> None:
        overrides = {key: options[key] for _option, key, _help in OPTIONS}
        for path in write(map, **overrides):
            if verbosity:
                self.stdout.write(str(path))
