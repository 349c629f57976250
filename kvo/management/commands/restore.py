from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kvo.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Zet een backup van `manage.py backup` terug in een lege database en opslag, na "
            "controle van alle controlegetallen. Zie docs/operations.md.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archief", help="het tar-archief van manage.py backup")
        parser.add_argument(
            "--force", action="store_true",
            help="ook als de database gebruikers of de opslag bestanden heeft: alles daarin "
                 "wordt vervangen door de backup",
        )

    def handle(
        self, *args: Any, archief: str, force: bool = False, verbosity: int = 1,
        **options: Any,
    ) -> None:
        log = self.stdout.write if verbosity else None
        try:
            restore(archief, force=force, log=log)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Backup teruggezet uit {archief}."))
