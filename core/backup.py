"""Backups of the database and the uploaded files, and their restore into a fresh installation.

Management commands (``backup_site``, ``restore_site``) rather than shell scripts in deploy/:
the database, MEDIA_ROOT and the migration state are the site's own settings, read here exactly
as the running site reads them (DATABASE_URL through dj-database-url), so a backup can never
disagree with the site about where things are; deploy/systemd only schedules the command.

A backup is one directory ``thidua-YYYYmmdd-HHMMSS`` (UTC) holding:

* ``database.dump`` (PostgreSQL: ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite:
  the online backup API, a consistent snapshot taken while the site keeps writing in WAL mode);
* ``media.tar``: MEDIA_ROOT without ``images/``, i.e. the original photos, documents and avatars.
  ``images/`` holds renditions (resized copies), derived data regenerated at restore;
* ``manifest.json``: size and SHA-256 of both files, row counts read in the same snapshot as the
  dump, the applied migrations, the Django and Wagtail versions.

The search index is derived data too (search_index rebuild recomputes it), so it is not copied.
The directory is written under a hidden name and renamed when complete: a backup that died half
way never counts as one, and retention only ever removes complete backups older than the newest N.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import OperationalError, connection, connections

FORMAT = 1
NAME_PATTERN = re.compile(r"^thidua-\d{8}-\d{6}(-\d+)?$")
RENDITIONS_DIR = "images"
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Why a backup or a restore cannot go on, in words for the operator (Vietnamese)."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    removed: list
    seconds: float


def counted_tables():
    """Tables whose row counts a restore must reproduce: pages, articles, photos, documents, accounts."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from news.models import ArticlePage

    models = {
        "pages": Page,
        "articles": ArticlePage,
        "images": get_image_model(),
        "documents": get_document_model(),
        "users": get_user_model(),
    }
    return {label: model._meta.db_table for label, model in models.items()}


def count_rows(cursor):
    counts = {}
    for label, table in counted_tables().items():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[label] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor):
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def describe_file(path):
    return {"bytes": path.stat().st_size, "sha256": sha256_of(path)}


def vendor():
    return connection.vendor  # "postgresql" or "sqlite"


def database_file_name(kind):
    return "database.dump" if kind == "postgresql" else "database.sqlite3"


# --- PostgreSQL -------------------------------------------------------------------------------


def postgres_env(settings_dict=None):
    """libpq's variables for the site's database, so no password ever appears on a command line."""
    settings_dict = settings_dict or connection.settings_dict
    env = dict(os.environ)
    mapping = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
    for key, variable in mapping.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    return env


def require_program(name):
    if not shutil.which(name):
        raise BackupError(f"Không tìm thấy chương trình {name} (gói postgresql-client).")


def run_program(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return result


def dump_postgresql(target):
    """pg_dump inside a snapshot exported by a REPEATABLE READ transaction that also counts the rows:
    the counts in the manifest describe exactly the data in the dump, however busy the site is."""
    require_program("pg_dump")
    wrapper = connections.create_connection("default")
    try:
        wrapper.ensure_connection()
        raw = wrapper.connection
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = count_rows(cursor)
            migrations = applied_migrations(cursor)
            run_program(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                postgres_env(wrapper.settings_dict),
            )
            cursor.execute("COMMIT")
    finally:
        wrapper.close()
    return counts, migrations


def restore_postgresql(dump):
    require_program("pg_restore")
    connection.close()
    run_program(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        postgres_env(),
    )


# --- SQLite -----------------------------------------------------------------------------------


def sqlite_path():
    return Path(connection.settings_dict["NAME"])


def copy_sqlite(source, target):
    """The online backup API in one step: a consistent snapshot of ``source`` (readers do not block
    writers in WAL mode, so the site keeps saving meanwhile), then checked page by page."""
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
    target_db = sqlite3.connect(target)
    try:
        source_db.backup(target_db)
        verdict = target_db.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"Bản sao cơ sở dữ liệu SQLite bị lỗi: {verdict}")
    finally:
        target_db.close()
        source_db.close()


def dump_sqlite(target):
    copy_sqlite(sqlite_path(), target)
    copy = sqlite3.connect(target)
    try:
        cursor = copy.cursor()
        return count_rows(cursor), applied_migrations(cursor)
    finally:
        copy.close()


def restore_sqlite(copy):
    """Written next to the target and renamed over it, so the site never sees half a file."""
    target = sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    connection.close()
    partial = target.with_name(target.name + ".restoring")
    partial.unlink(missing_ok=True)
    copy_sqlite(copy, partial)
    with contextlib.closing(sqlite3.connect(partial)) as database:
        database.execute("PRAGMA journal_mode=WAL")
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)


# --- Media ------------------------------------------------------------------------------------


def media_root():
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(
            "Tệp tải lên không nằm trên đĩa (kho lưu trữ khác FileSystemStorage): "
            "hãy sao lưu kho đó bằng công cụ riêng."
        )
    return Path(settings.MEDIA_ROOT)


def media_files(root):
    """Uploaded files to keep: everything under MEDIA_ROOT but the renditions and dotfiles (.gitkeep)."""
    for directory, subdirectories, names in os.walk(root):
        relative = Path(directory).relative_to(root)
        if relative == Path("."):
            subdirectories[:] = [name for name in subdirectories if name != RENDITIONS_DIR]
        subdirectories.sort()
        for name in sorted(names):
            if not name.startswith("."):
                yield relative / name


def archive_media(root, target):
    """An uncompressed tar (photos are JPEG already). A file deleted while the archive is being
    written was deleted on the site too: it is skipped, not a failure."""
    count = size = 0
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as archive:
        for relative in media_files(root):
            try:
                info = archive.gettarinfo(root / relative, arcname=str(relative))
                with open(root / relative, "rb") as handle:
                    archive.addfile(info, handle)
            except FileNotFoundError:
                continue
            count += 1
            size += info.size
    return count, size


def media_is_empty(root):
    return not root.exists() or next(media_files(root), None) is None


def extract_media(archive_path, root):
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path) as archive:
        archive.extractall(root, filter="data")


# --- Backup -----------------------------------------------------------------------------------


def backup_name(destination, now):
    name = now.strftime("thidua-%Y%m%d-%H%M%S")
    candidate, number = name, 1
    while (destination / candidate).exists():
        number += 1
        candidate = f"{name}-{number}"
    return candidate


def complete_backups(destination):
    """Complete backups in ``destination``, oldest first (names sort by time)."""
    if not destination.exists():
        return []
    return sorted(
        path
        for path in destination.iterdir()
        if path.is_dir() and NAME_PATTERN.match(path.name) and (path / MANIFEST).exists()
    )


@contextlib.contextmanager
def exclusive(destination):
    """One backup at a time per directory (a timer firing while a slow one still runs)."""
    with open(destination / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError(f"Một lần sao lưu khác đang chạy vào {destination}.") from None
        yield


def create_backup(destination, keep=None, with_media=True):
    started = time.monotonic()
    destination = Path(destination).resolve()
    destination.mkdir(parents=True, exist_ok=True)
    with exclusive(destination):
        for leftover in destination.glob(".partial-thidua-*"):  # an earlier run that died
            shutil.rmtree(leftover, ignore_errors=True)
        now = datetime.now(UTC)
        name = backup_name(destination, now)
        partial = destination / f".partial-{name}"
        partial.mkdir(mode=0o700)  # password hashes and drafts: the owner only
        try:
            manifest = write_backup(partial, now, with_media)
            manifest["seconds"] = round(time.monotonic() - started, 2)
            (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
            final = destination / name
            os.replace(partial, final)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        removed = apply_retention(destination, keep) if keep else []
    return BackupResult(path=final, manifest=manifest, removed=removed, seconds=time.monotonic() - started)


def write_backup(directory, now, with_media):
    kind = vendor()
    if kind not in ("postgresql", "sqlite"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {kind}.")
    database_file = directory / database_file_name(kind)
    # The database first, then the files: every photo the dump names was uploaded before the dump
    # began, so its original is on disk when the archive is written (later uploads are extra files).
    counts, migrations = dump_postgresql(database_file) if kind == "postgresql" else dump_sqlite(database_file)
    files = {database_file.name: describe_file(database_file)}
    media = {"included": with_media, "excluded": [f"{RENDITIONS_DIR}/"]}
    if with_media:
        count, size = archive_media(media_root(), directory / MEDIA_ARCHIVE)
        files[MEDIA_ARCHIVE] = describe_file(directory / MEDIA_ARCHIVE)
        media.update(files=count, bytes=size)
    return {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "database": {"vendor": kind, "file": database_file.name},
        "media": media,
        "files": files,
        "counts": counts,
        "migrations": migrations,
        "versions": {"django": django.get_version(), "wagtail": wagtail.__version__},
    }


def apply_retention(destination, keep):
    """Keep the newest ``keep`` complete backups (one a day from the timer: ``keep`` days)."""
    backups = complete_backups(destination)
    doomed = backups[: max(0, len(backups) - keep)]
    for path in doomed:
        shutil.rmtree(path)
    return doomed


# --- Restore ----------------------------------------------------------------------------------


def read_manifest(backup):
    backup = Path(backup)
    try:
        manifest = json.loads((backup / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{backup} không phải bản sao lưu (thiếu {MANIFEST}).") from None
    except ValueError as error:
        raise BackupError(f"{backup / MANIFEST} hỏng: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng bản sao lưu {manifest.get('format')} không được hỗ trợ (cần {FORMAT}).")
    return manifest


def verify_files(backup, manifest):
    """Every file is there with the size and checksum the manifest recorded."""
    backup = Path(backup)
    for name, expected in manifest["files"].items():
        path = backup / name
        if not path.exists():
            raise BackupError(f"Bản sao lưu thiếu tệp {name}.")
        if path.stat().st_size != expected["bytes"] or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"Tệp {name} không khớp tổng kiểm (SHA-256) trong {MANIFEST}: bản sao lưu đã hỏng.")


def unknown_migrations(manifest):
    """Migrations applied in the backup that this code does not have: restoring a newer site into
    older code would serve errors, so the restore refuses."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    installed_apps = {key[0] for key in known}
    return sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        if app in installed_apps
        for name in names
        if (app, name) not in known
    )


def database_tables():
    """Tables already in the target database (a SQLite path with no file yet has none)."""
    connection.close()
    if vendor() == "sqlite":
        path = sqlite_path()
        if not path.exists():
            return []
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as database:
            rows = database.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            return sorted(name for (name,) in rows)
    try:
        with connection.cursor() as cursor:
            return connection.introspection.table_names(cursor)
    except OperationalError as error:
        raise BackupError(f"Không kết nối được cơ sở dữ liệu đích: {error}".strip()) from error


def drop_all_tables():
    """--force on a database that has tables: remove them (and, on PostgreSQL, what depends on them)."""
    if vendor() == "sqlite":
        connection.close()
        path = sqlite_path()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    tables = database_tables()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    connection.close()


def restore_database(backup, manifest):
    kind = manifest["database"]["vendor"]
    if kind != vendor():
        raise BackupError(
            f"Bản sao lưu là cơ sở dữ liệu {kind}, còn DATABASE_URL trỏ tới {vendor()}: "
            "hãy phục hồi vào cùng loại cơ sở dữ liệu."
        )
    path = Path(backup) / manifest["database"]["file"]
    if kind == "postgresql":
        restore_postgresql(path)
    else:
        restore_sqlite(path)
    connection.close()


def regenerate_renditions():
    """Draw again every rendition the restored database lists (their files are not in the backup).

    Not Wagtail's ``wagtail_update_image_renditions``: it deletes and recreates each rendition in one
    transaction, and the deletion removes the old file on commit; when that file was missing (as after
    a restore) the new one gets the same name and is removed with it. So every row goes first (their
    cache entries with them), then each image draws its filters again. Returns (drawn, failed images).
    """
    from wagtail.images import get_image_model

    image_model = get_image_model()
    rendition_model = image_model.get_rendition_model()
    wanted = {}
    for image_id, spec in rendition_model.objects.values_list("image_id", "filter_spec"):
        wanted.setdefault(image_id, set()).add(spec)
    rendition_model.objects.all().delete()
    drawn, failed = 0, []
    for image in image_model.objects.filter(pk__in=wanted).order_by("pk"):
        try:
            drawn += len(image.get_renditions(*sorted(wanted[image.pk])))
        except Exception as error:  # noqa: BLE001 - one unreadable original must not stop the others
            failed.append(f"{image.pk} ({image.file.name}): {error}")
    return drawn, failed


def current_counts():
    with connection.cursor() as cursor:
        return count_rows(cursor)
