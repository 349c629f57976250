"""Backup and restore of the whole installation: the database and every media object.

    backup(path)                        # one .tar archive, see below
    restore(path, force=False)          # into an empty database and storage

The archive (a plain tar; photos and PDFs do not compress) holds

    database.json.gz   every row as Django's JSON serialisation, foreign keys to content types
                       and permissions by natural key, so it loads into SQLite and PostgreSQL
                       alike (a production backup opens on a laptop)
    media/<name>       every object in the default storage, read through the storage API (local
                       disk or S3 alike)
    manifest.json      written last: format, time, applied migrations, row count per model, and
                       size and SHA-256 of the database dump and of every media object

The database is read in one snapshot (REPEATABLE READ on PostgreSQL, one read transaction on
SQLite), so the dump is consistent while the site keeps running; media are read after it, so an
object uploaded during the backup may be in the archive without its row (harmless), never the
other way round, unless it was deleted meanwhile (reported as missing).

Restore first checks every checksum in the archive and writes nothing if one differs. It refuses
a target that is in use (a database with users, or a storage with files) unless `force`, and a
backup made by newer code (migrations this code does not know). Then it migrates the database,
replaces all rows in one transaction (content types and permissions are recreated, seeded
reference data is replaced by the backup's), writes the media and reads every one back to
compare its hash, and compares the row counts with the manifest.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.json.gz"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
# Recreated by `migrate` (post_migrate) on the target; rows that point at them use natural keys.
RECREATED = {"contenttypes.contenttype", "auth.permission"}

Log = Callable[[str], object]
Manifest = dict[str, Any]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (in Dutch, for operators)."""


def _storage() -> Storage:
    return storages["default"]


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def dumped_models() -> list[type[models.Model]]:
    """Every concrete model whose rows go in the dump, in dependency order."""
    models = [
        m for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and _label(m) not in RECREATED
    ]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def counted_models() -> list[type[models.Model]]:
    """Models whose rows are counted for verification: the dumped ones plus many-to-many
    tables (their rows travel inside the dump of the model that declares the field)."""
    models = list(dumped_models())
    for model in list(models):
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through is not None and through._meta.auto_created and through not in models:
                models.append(through)
    return models


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {_label(m): m._base_manager.using(using).count() for m in counted_models()}


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def media_names(storage: Storage | None = None, directory: str = "") -> Iterator[str]:
    """Every file name in `storage`, walking its folders (S3 prefixes) through the storage
    API."""
    storage = storage or _storage()
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:  # local media folder not created yet
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from media_names(storage, f"{directory}/{folder}" if directory else folder)


class _Hashing(io.RawIOBase):
    """Reads from `source` while hashing and counting what passes."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.source.read(len(buffer))
        self.sha256.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)


def _sha256(fileobj: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


@contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """A transaction that reads one consistent state of the database (inside a caller's
    transaction, the caller's)."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


class _Serializer(JSONSerializer):
    """Django's JSON, with natural keys only for references to content types and permissions
    (their ids differ per database); every other reference keeps its primary key, also one to a
    row that no longer exists (history rows keep the ids of deleted objects)."""

    def _natural_for(self, field: Any) -> None:
        self.use_natural_foreign_keys = _label(field.remote_field.model) in RECREATED

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        self._natural_for(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        self._natural_for(field)
        super().handle_m2m_field(obj, field)


def _dump_database(stream: IO[str], using: str) -> dict[str, int]:
    """Serialise every row to `stream`; returns the row count per model."""
    counts: dict[str, int] = {}

    def objects() -> Iterator[models.Model]:
        for model in dumped_models():
            label = _label(model)
            counts[label] = 0
            queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
            for obj in queryset.iterator(chunk_size=2000):
                counts[label] += 1
                yield obj

    _Serializer().serialize(objects(), stream=stream, use_natural_foreign_keys=True)
    for model in counted_models():
        if _label(model) not in counts:
            counts[_label(model)] = model._base_manager.using(using).count()
    return counts


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def backup(
    path: str | Path, *, using: str = DEFAULT_DB_ALIAS, log: Log | None = None
) -> Manifest:
    """Write the archive to `path` (first as `path.partial`, renamed when complete)."""
    log = log or (lambda message: None)
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    storage = _storage()
    manifest: Manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database_vendor": connections[using].vendor,
    }
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / DATABASE
        with _snapshot(using):
            manifest["migrations"] = applied_migrations(using)
            with gzip.open(dump, "wt", encoding="utf-8") as stream:
                manifest["rows"] = _dump_database(stream, using)
        with dump.open("rb") as handle:
            digest, size = _sha256(handle)
        manifest["database"] = {"name": DATABASE, "size": size, "sha256": digest}
        log(f"Database: {sum(manifest['rows'].values())} rijen in {len(manifest['rows'])} "
            f"tabellen.")

        manifest["media"] = []
        missing = []
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            tar.add(dump, arcname=DATABASE)
            for name in media_names(storage):
                try:
                    size = storage.size(name)
                    source = storage.open(name, "rb")
                except FileNotFoundError:
                    missing.append(name)  # deleted while we were listing
                    continue
                with source:
                    info = tarfile.TarInfo(MEDIA_PREFIX + name)
                    info.size = size
                    info.mtime = int(timezone.now().timestamp())
                    info.mode = 0o600
                    hashing = _Hashing(source)
                    tar.addfile(info, io.BufferedReader(hashing, CHUNK))
                if hashing.size != size:
                    raise BackupError(f"{name}: {hashing.size} bytes gelezen, {size} verwacht.")
                manifest["media"].append(
                    {"name": name, "size": size, "sha256": hashing.sha256.hexdigest()}
                )
            manifest["missing_media"] = missing
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
    os.replace(partial, path)
    log(f"Media: {len(manifest['media'])} bestanden "
        f"({sum(m['size'] for m in manifest['media'])} bytes).")
    if missing:
        log(f"Tijdens de backup verdwenen (niet opgenomen): {', '.join(missing)}")
    return manifest


# Restore ---------------------------------------------------------------------------------------

def _member(tar: tarfile.TarFile, member: str | tarfile.TarInfo) -> IO[bytes]:
    handle = tar.extractfile(member)
    if handle is None:  # a folder or link where the manifest names a file
        name = member if isinstance(member, str) else member.name
        raise BackupError(f"{name} is geen bestand in het archief.")
    return handle


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError("Dit archief heeft geen manifest.json: geen (volledige) backup.") \
            from None
    manifest = json.loads(_member(tar, member).read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Onbekend backupformaat {manifest.get('format')!r}.")
    return manifest


def verify_archive(tar: tarfile.TarFile, manifest: Manifest) -> None:
    """Compare every member with the manifest; raises BackupError on the first difference."""
    expected = {DATABASE: manifest["database"]}
    expected.update({MEDIA_PREFIX + m["name"]: m for m in manifest["media"]})
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        entry = expected.get(member.name)
        if entry is None or not member.isfile():
            raise BackupError(f"Onverwacht bestand in het archief: {member.name}")
        digest, size = _sha256(_member(tar, member))
        if (digest, size) != (entry["sha256"], entry["size"]):
            raise BackupError(f"Controlegetal klopt niet voor {member.name}: het archief is "
                              f"beschadigd of gewijzigd.")
        seen.add(member.name)
    absent = sorted(set(expected) - seen)
    if absent:
        raise BackupError(f"Ontbreekt in het archief: {', '.join(absent[:5])}")


def target_in_use(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """Why the target is not empty (a reason in Dutch), or None. Reference data that migrations
    seed does not count: a freshly migrated database is empty."""
    user_model = get_user_model()
    if user_model._meta.db_table in connections[using].introspection.table_names():
        users = user_model._base_manager.using(using).count()
        if users:
            return f"de database heeft {users} gebruiker(s)"
    first = next(media_names(), None)
    if first is not None:
        return f"de opslag bevat al bestanden (bijvoorbeeld {first})"
    return None


def _check_migrations(manifest: Manifest, using: str) -> None:
    executor = MigrationExecutor(connections[using])
    known = {f"{app}.{name}" for app, name in executor.loader.disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            "Deze backup komt van een nieuwere versie van de applicatie (onbekende migraties: "
            f"{', '.join(unknown[:5])}). Installeer die versie en herstel dan."
        )


def _migrate(using: str, log: Log) -> None:
    executor = MigrationExecutor(connections[using])
    targets = executor.loader.graph.leaf_nodes()
    if executor.migration_plan(targets):
        log("Database migreren...")
        call_command("migrate", database=using, interactive=False, verbosity=0)


def _load_database(tar: tarfile.TarFile, using: str, tmp: str) -> None:
    dump = Path(tmp) / DATABASE
    with _member(tar, DATABASE) as source, dump.open("wb") as target:
        shutil.copyfileobj(source, target, CHUNK)
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic(using=using):
        # Empties every table, then recreates content types and permissions (post_migrate).
        call_command("flush", database=using, interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        call_command("loaddata", str(dump), database=using, verbosity=0)


def _empty_storage(storage: Storage) -> None:
    for name in list(media_names(storage)):
        storage.delete(name)


def _write_media(tar: tarfile.TarFile, manifest: Manifest, storage: Storage, log: Log) -> None:
    for entry in manifest["media"]:
        name = entry["name"]
        with _member(tar, MEDIA_PREFIX + name) as source:
            content = File(source, name=os.path.basename(name))
            content.size = entry["size"]  # not guessed from a same-named file on disk
            stored = storage.save(name, content)
        if stored != name:
            raise BackupError(f"De opslag bewaarde {name} onder een andere naam ({stored}).")
    log(f"Media: {len(manifest['media'])} bestanden teruggezet.")


def verify_restored(manifest: Manifest, *, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Row counts and media hashes of the target against the manifest; a list of differences."""
    differences = []
    counts = row_counts(using)
    for label, expected in sorted(manifest["rows"].items()):
        if counts.get(label, 0) != expected:
            differences.append(f"{label}: {counts.get(label, 0)} rijen, {expected} verwacht")
    storage = _storage()
    for entry in manifest["media"]:
        try:
            with storage.open(entry["name"], "rb") as handle:
                digest, size = _sha256(handle)
        except FileNotFoundError:
            differences.append(f"{entry['name']}: ontbreekt")
            continue
        if (digest, size) != (entry["sha256"], entry["size"]):
            differences.append(f"{entry['name']}: inhoud wijkt af")
    return differences


def restore(
    path: str | Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS,
    log: Log | None = None,
) -> Manifest:
    log = log or (lambda message: None)
    storage = _storage()
    with tarfile.open(path, "r:") as tar:
        manifest = read_manifest(tar)
        _check_migrations(manifest, using)
        reason = target_in_use(using)
        if reason and not force:
            raise BackupError(
                f"Het doel is niet leeg: {reason}. Herstel alleen in een lege database en "
                "opslag, of geef --force om alles daarin te vervangen."
            )
        log("Archief controleren...")
        verify_archive(tar, manifest)
        _migrate(using, log)
        with tempfile.TemporaryDirectory() as tmp:
            log("Database terugzetten...")
            _load_database(tar, using, tmp)
        log(f"Database: {sum(manifest['rows'].values())} rijen teruggezet.")
        if force:
            _empty_storage(storage)
        _write_media(tar, manifest, storage, log)
    differences = verify_restored(manifest, using=using)
    if differences:
        raise BackupError("Na het terugzetten wijkt af: " + "; ".join(differences[:10]))
    log("Gecontroleerd: aantallen rijen en controlegetallen van alle bestanden kloppen.")
    return manifest


def default_name() -> str:
    return f"kvo-backup-{datetime.datetime.now():%Y%m%d-%H%M%S}.tar"


# Moving media between storages ----------------------------------------------------------------

def copy_media(source: Storage, target: Storage, *, log: Log | None = None) -> tuple[int, int]:
    """Copy every file of storage `source` to storage `target` under the same name, then read
    it back from `target` and compare its SHA-256. A file already in `target` with the same
    content is skipped, so an interrupted copy can simply run again; one with other content
    stops the copy. Returns (copied, skipped)."""
    log = log or (lambda message: None)
    copied = skipped = 0
    for name in media_names(source):
        with source.open(name, "rb") as handle:
            digest, size = _sha256(handle)
        if target.exists(name):
            with target.open(name, "rb") as handle:
                if _sha256(handle) == (digest, size):
                    skipped += 1
                    continue
            raise BackupError(f"{name} staat al in het doel met een andere inhoud; niets "
                              f"overschreven.")
        with source.open(name, "rb") as handle:
            content = File(handle, name=os.path.basename(name))
            content.size = size
            stored = target.save(name, content)
        if stored != name:
            raise BackupError(f"Het doel bewaarde {name} onder een andere naam ({stored}).")
        with target.open(name, "rb") as handle:
            if _sha256(handle) != (digest, size):
                raise BackupError(f"{name}: de kopie in het doel wijkt af van het origineel.")
        copied += 1
        if copied % 500 == 0:
            log(f"{copied} bestanden gekopieerd...")
    log(f"Klaar: {copied} gekopieerd, {skipped} stonden er al.")
    return copied, skipped
