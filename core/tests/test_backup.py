"""The parts of backups a restore depends on without a server: retention, checksums, what the media
archive holds, and backups from newer code. The whole round trip (database, server, photos) is
tests/stack/test_backup_restore.py."""

import json
import tarfile

import pytest

from core import backup


def make_backup(destination, name, files=None):
    path = destination / name
    path.mkdir(parents=True)
    described = {}
    for file_name, content in (files or {"database.sqlite3": b"SQLite format 3\0"}).items():
        (path / file_name).write_bytes(content)
        described[file_name] = backup.describe_file(path / file_name)
    manifest = {"format": backup.FORMAT, "files": described, "migrations": {}}
    (path / backup.MANIFEST).write_text(json.dumps(manifest))
    return path


def test_retention_keeps_the_newest_complete_backups_and_never_touches_other_files(tmp_path):
    for day in range(1, 6):
        make_backup(tmp_path, f"thidua-202611{day:02d}-023000")
    unfinished = tmp_path / "thidua-20261106-023000"  # no manifest: being written or died half way
    unfinished.mkdir()
    (tmp_path / "notes.txt").write_text("giữ lại")

    removed = backup.apply_retention(tmp_path, keep=2)

    assert [path.name for path in removed] == [f"thidua-202611{day:02d}-023000" for day in (1, 2, 3)]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "notes.txt",
        "thidua-20261104-023000",
        "thidua-20261105-023000",
        "thidua-20261106-023000",
    ]


def test_a_backup_whose_file_changed_after_it_was_written_is_refused(tmp_path):
    path = make_backup(tmp_path, "thidua-20261124-023000", {"database.dump": b"PGDMP" + b"\0" * 100})
    manifest = backup.read_manifest(path)
    backup.verify_files(path, manifest)

    (path / "database.dump").write_bytes(b"PGDMP" + b"\1" * 100)  # same size, other bytes

    with pytest.raises(backup.BackupError, match="không khớp tổng kiểm"):
        backup.verify_files(path, manifest)
    (path / "database.dump").unlink()
    with pytest.raises(backup.BackupError, match="thiếu tệp database.dump"):
        backup.verify_files(path, manifest)


def test_a_directory_without_manifest_is_not_taken_for_a_backup(tmp_path):
    with pytest.raises(backup.BackupError, match="không phải bản sao lưu"):
        backup.read_manifest(tmp_path)


def test_the_media_archive_holds_originals_and_documents_but_not_renditions(tmp_path):
    media = tmp_path / "media"
    for relative in ("original_images/thi-dua-1.jpg", "documents/quyet-dinh.pdf", "images/thi-dua-1.width-800.jpg"):
        (media / relative).parent.mkdir(parents=True, exist_ok=True)
        (media / relative).write_bytes(relative.encode())
    (media / ".gitkeep").write_text("")

    count, size = backup.archive_media(media, tmp_path / "media.tar")

    with tarfile.open(tmp_path / "media.tar") as archive:
        assert sorted(archive.getnames()) == ["documents/quyet-dinh.pdf", "original_images/thi-dua-1.jpg"]
    assert (count, size) == (2, len("documents/quyet-dinh.pdf") + len("original_images/thi-dua-1.jpg"))
    restored = tmp_path / "restored"
    backup.extract_media(tmp_path / "media.tar", restored)
    assert (restored / "original_images/thi-dua-1.jpg").read_bytes() == b"original_images/thi-dua-1.jpg"
    assert backup.media_is_empty(tmp_path / "nowhere") and not backup.media_is_empty(restored)


def test_an_archive_cannot_write_outside_the_media_directory(tmp_path):
    with tarfile.open(tmp_path / "media.tar", "w") as archive:
        (tmp_path / "evil").write_text("x")
        archive.add(tmp_path / "evil", arcname="../outside.txt")

    with pytest.raises(tarfile.OutsideDestinationError):
        backup.extract_media(tmp_path / "media.tar", tmp_path / "media")
    assert not (tmp_path / "outside.txt").exists()


def test_migrations_this_code_does_not_have_are_named_and_other_apps_are_ignored():
    manifest = {
        "migrations": {
            "news": ["0001_initial", "9999_from_a_newer_release"],
            "an_app_removed_since": ["0001_initial"],
        }
    }
    assert backup.unknown_migrations(manifest) == ["news.9999_from_a_newer_release"]
