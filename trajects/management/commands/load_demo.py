import io
import logging

from django.core.management.base import BaseCommand

from trajects.demo import DEMO_PASSWORD, GEBRUIKERS, load


class Command(BaseCommand):
    help = "Laadt het demotraject van 's-Gravenzande (twee keer draaien verandert niets)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address", default="http://127.0.0.1:8000/",
            help="Het adres van de app, getoond bij de inloggegevens.",
        )

    def handle(self, *args, address, verbosity, **options):
        # Verbosity 0 (`make run`) shows only the logins; 1 adds a line per part; 2 also the
        # log lines of the work itself (PDF rendering, tasks run in-process).
        stappen = self.stdout if verbosity >= 1 else io.StringIO()
        if verbosity < 2:
            logging.disable(logging.INFO)
        try:
            load(stappen)
        finally:
            logging.disable(logging.NOTSET)
        self.stdout.write(self.style.SUCCESS(f"Demodata geladen. Inloggen op {address}"))
        self.stdout.write(f"Wachtwoord voor alle demogebruikers: {DEMO_PASSWORD}")
        for email, naam, _org, rol, _wg in GEBRUIKERS:
            self.stdout.write(f"  {email:28} {rol.label:12} {naam}")
        self.stdout.write(f"  {'coordinator2@example.org':28} {'Coördinator':12} tweede traject")
        self.stdout.write(f"  {'regio@example.org':28} {'Regio':12} regionaal overzicht, "
                          "leest beide trajecten")
        self.stdout.write(f"  {'beheer@example.org':28} {'Beheerder':12} Django-admin op /beheer/")
