"""manage.py backup and restore: backup, empty database and storage, restore, same content."""

import gzip
import hashlib
import io
import json
import tarfile

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from kvo.models import User
from tests.factories import DocumentVersieFactory
from tests.media import read_stored, stored_files
from tests.schouwen.factories import FotoFactory
from trajects.models import Traject

pytestmark = pytest.mark.django_db

NOT_COMPARED = {"contenttypes.contenttype", "auth.permission"}


def rows():
    """Row count of every table (many-to-many ones too), counted without kvo.backup."""
    return {
        m._meta.label_lower: m._base_manager.count()
        for m in apps.get_models(include_auto_created=True)
        if m._meta.label_lower not in NOT_COMPARED
    }


def files():
    """{name: sha256} of every object in the media storage."""
    return {n: hashlib.sha256(read_stored(n)).hexdigest() for n in stored_files()}


def empty_everything():
    call_command("flush", interactive=False, verbosity=0)
    for name in files():
        default_storage.delete(name)


@pytest.fixture
def data(world):
    gemeente = world.users["gemeente"]
    DocumentVersieFactory(document__traject=world.traject, geupload_door=gemeente)
    FotoFactory(bevinding__schouw__traject=world.traject, bevinding__vastgelegd_door=gemeente)
    world.traject.naar_fase("analyse", door=world.users["coordinator"], toelichting="Start")
    default_storage.save("los/zonder-rij.txt", ContentFile(b"ook dit gaat mee"))
    return world


@pytest.mark.django_db(transaction=True)  # flush and restore commit, as in production
def test_backup_then_empty_then_restore_gives_the_same_rows_and_files(data, tmp_path):
    LogEntry.objects.log_actions(
        user_id=data.users["coordinator"].pk, queryset=[data.traject], action_flag=ADDITION,
    )
    before_rows, before_files = rows(), files()
    assert before_rows["kvo.user"] >= 7 and before_rows["schouwen.foto"] == 1
    assert len(before_files) == 5  # document, three photo renditions, loose file

    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), verbosity=0)

    # A database in use is not overwritten without --force.
    Traject.objects.filter(pk=data.traject.pk).update(naam="Na de backup gewijzigd")
    with pytest.raises(CommandError, match="niet leeg.*--force"):
        call_command("restore", str(archive), verbosity=0)
    assert Traject.objects.get(pk=data.traject.pk).naam == "Na de backup gewijzigd"

    empty_everything()
    assert User.objects.count() == 0 and files() == {}
    # Nor is a storage with files.
    default_storage.save("al-aanwezig.txt", ContentFile(b"x"))
    with pytest.raises(CommandError, match="opslag bevat al bestanden"):
        call_command("restore", str(archive), verbosity=0)
    default_storage.delete("al-aanwezig.txt")
    # A changed file in the archive stops the restore before anything is written.
    tampered = tmp_path / "gewijzigd.tar"
    _rewrite(archive, tampered, lambda name, content: b"anders" if name.endswith(".txt")
             else content)
    with pytest.raises(CommandError, match="Controlegetal klopt niet voor media/los/zonder-rij"):
        call_command("restore", str(tampered), verbosity=0)
    assert User.objects.count() == 0 and files() == {}

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert rows() == before_rows
    assert files() == before_files
    assert "kloppen" in out.getvalue()
    traject = Traject.objects.get(pk=data.traject.pk)
    assert traject.fase == "analyse"
    assert traject.naam == "KVO-W Centrum 's-Gravenzande"
    # Content types got ids anew; the admin log entry follows by natural key.
    assert LogEntry.objects.get().content_type.model_class() is Traject
    # New rows get fresh ids (sequences were reset after loading).
    assert User.objects.create_user("nieuw@example.org").pk > max(
        u.pk for u in data.users.values())

    # --force replaces a target in use entirely, media included.
    default_storage.save("na-de-restore.txt", ContentFile(b"nieuw"))
    call_command("restore", str(archive), force=True, verbosity=0)
    assert rows() == before_rows
    assert files() == before_files


def test_archive_has_a_manifest_with_checksums_of_every_file(data, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        for entry in manifest["media"]:
            content = tar.extractfile("media/" + entry["name"]).read()
            assert hashlib.sha256(content).hexdigest() == entry["sha256"]
    assert {e["name"]: e["sha256"] for e in manifest["media"]} == files()
    assert manifest["rows"]["trajects.traject"] == 2
    assert "kvo.0002_hartslag" in manifest["migrations"]


def _rewrite(archive, target, change):
    """Copy `archive` to `target`, passing each member's bytes through change(name, data)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for member in source:
            content = change(member.name, source.extractfile(member).read())
            member.size = len(content)
            out.addfile(member, io.BytesIO(content))


def test_backup_of_newer_code_is_refused(data, tmp_path):
    archive, newer = tmp_path / "backup.tar", tmp_path / "nieuwer.tar"
    call_command("backup", str(archive), verbosity=0)

    def newer_migrations(name, content):
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        manifest["migrations"].append("kvo.9999_uit_de_toekomst")
        return json.dumps(manifest).encode()

    _rewrite(archive, newer, newer_migrations)
    with pytest.raises(CommandError, match="nieuwere versie.*kvo.9999_uit_de_toekomst"):
        call_command("restore", str(newer), verbosity=0)


def test_not_an_archive_of_ours_is_refused(tmp_path):
    archive = tmp_path / "iets.tar"
    with tarfile.open(archive, "w") as tar:
        tar.addfile(tarfile.TarInfo("leeg.txt"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="geen manifest.json"):
        call_command("restore", str(archive), verbosity=0)


def test_content_types_are_referenced_by_natural_key_other_rows_by_id(data, tmp_path):
    """Content types and permissions get new ids in the target database; rows that point at
    them follow by (app, model). Everything else keeps its id (history rows may point at
    deleted ones)."""
    LogEntry.objects.log_actions(
        user_id=data.users["coordinator"].pk, queryset=[data.traject], action_flag=ADDITION,
    )
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        dump = json.loads(gzip.decompress(tar.extractfile("database.json.gz").read()))
    entry = next(o for o in dump if o["model"] == "admin.logentry")
    assert entry["fields"]["content_type"] == ["trajects", "traject"]
    assert entry["fields"]["user"] == data.users["coordinator"].pk
    assert not any(o["model"] in NOT_COMPARED for o in dump)


def test_copy_media_moves_every_file_into_the_configured_storage_and_can_run_again(
        tmp_path, settings):
    oud = tmp_path / "oude-media"
    (oud / "schouwen/1").mkdir(parents=True)
    (oud / "schouwen/1/a_groot.jpg").write_bytes(b"foto a")
    (oud / "documenten/2").mkdir(parents=True)
    (oud / "documenten/2/verklaring.pdf").write_bytes(b"%PDF- verklaring")

    out = io.StringIO()
    call_command("copy_media", str(oud), stdout=out)
    assert files() == {
        "documenten/2/verklaring.pdf": hashlib.sha256(b"%PDF- verklaring").hexdigest(),
        "schouwen/1/a_groot.jpg": hashlib.sha256(b"foto a").hexdigest(),
    }
    assert "2 gekopieerd, 0 stonden er al" in out.getvalue()

    (oud / "schouwen/1/b_groot.jpg").write_bytes(b"foto b")
    call_command("copy_media", str(oud), stdout=out)
    assert "1 gekopieerd, 2 stonden er al" in out.getvalue()

    default_storage.delete("schouwen/1/a_groot.jpg")
    default_storage.save("schouwen/1/a_groot.jpg", ContentFile(b"iets anders"))
    with pytest.raises(CommandError, match="andere inhoud"):
        call_command("copy_media", str(oud), stdout=out)
    assert read_stored("schouwen/1/a_groot.jpg") == b"iets anders"


def test_copy_media_refuses_to_copy_a_folder_onto_itself(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with pytest.raises(CommandError, match="dezelfde map"):
        call_command("copy_media", str(settings.MEDIA_ROOT))
