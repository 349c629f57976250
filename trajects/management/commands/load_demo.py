from django.core.management.base import BaseCommand

from trajects.demo import DEMO_PASSWORD, GEBRUIKERS, load


class Command(BaseCommand):
    help = "Laadt het demotraject van 's-Gravenzande (twee keer draaien verandert niets)."

    def handle(self, *args, **options):
        load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata geladen. Inloggen op http://127.0.0.1:8000"))
        self.stdout.write(f"Wachtwoord voor alle demogebruikers: {DEMO_PASSWORD}")
        for email, naam, _org, rol, _wg in GEBRUIKERS:
            self.stdout.write(f"  {email:28} {rol.label:12} {naam}")
        self.stdout.write(f"  {'coordinator2@example.org':28} {'Coördinator':12} tweede traject")
        self.stdout.write(f"  {'beheer@example.org':28} {'Beheerder':12} Django-admin op /beheer/")
