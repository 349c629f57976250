from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kvo.backup import BackupError, backup, default_name


class Command(BaseCommand):
    help = ("Schrijft een backup (database en alle media, met controlegetallen) naar één "
            "tar-archief. Zie docs/operations.md.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archief", nargs="?", help="bestand om te schrijven "
                            "(standaard kvo-backup-<datum>-<tijd>.tar in de huidige map)")

    def handle(
        self, *args: Any, archief: str | None = None, verbosity: int = 1, **options: Any
    ) -> None:
        path = archief or default_name()
        log = self.stdout.write if verbosity else None
        try:
            backup(path, log=log)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Backup geschreven: {path}"))
