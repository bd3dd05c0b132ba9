"""The lock files pin what requirements*.txt ask for: a forgotten `make lock` fails `make test`."""

import shutil
from pathlib import Path

import pytest

from tools.check_lock import ROOT, direct_requirements, locked_packages, problems

FILES = ("requirements.txt", "requirements-dev.txt", "requirements.lock", "requirements-dev.lock")


@pytest.fixture
def checkout(tmp_path):
    """A copy of the four files, to edit as a developer would."""
    for name in FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_committed_locks_match_the_requirements():
    assert problems() == []


def test_every_package_in_the_locks_carries_hashes_and_the_dev_lock_holds_the_runtime_one():
    runtime = locked_packages(ROOT / "requirements.lock")
    dev = locked_packages(ROOT / "requirements-dev.lock")
    assert {"django", "wagtail", "tantivy", "psycopg-binary", "pillow"} <= set(runtime)
    assert all(hashes for _, hashes in dev.values())
    assert {name: version for name, (version, _) in runtime.items()} == {name: dev[name][0] for name in runtime}


def test_a_package_added_without_make_lock_is_reported(checkout):
    path = Path(checkout / "requirements.txt")
    path.write_text(path.read_text() + "django-debug-toolbar==4.4.6\n")
    assert problems(checkout) == [
        "requirements.txt có django-debug-toolbar nhưng requirements.lock không có: chạy `make lock`.",
        "requirements-dev.txt có django-debug-toolbar nhưng requirements-dev.lock không có: chạy `make lock`.",
    ]


def test_a_repinned_package_is_reported_under_any_spelling_of_its_name(checkout):
    path = Path(checkout / "requirements-dev.txt")
    version = direct_requirements(ROOT / "requirements-dev.txt")["wagtail-factories"][0]
    path.write_text(path.read_text().replace(f"wagtail-factories=={version}", "Wagtail_Factories==0.0.1"))
    assert problems(checkout) == [
        f"requirements-dev.txt ghim wagtail-factories==0.0.1 nhưng requirements-dev.lock ghim "
        f"wagtail-factories=={version}: chạy `make lock`."
    ]


def test_a_lock_compiled_without_hashes_is_reported(checkout):
    path = Path(checkout / "requirements.lock")
    lines = [line.rstrip(" \\") for line in path.read_text().splitlines() if "--hash=" not in line]
    path.write_text("\n".join(lines) + "\n")
    assert "requirements.lock: tqdm không có mã băm (pip --require-hashes sẽ từ chối)." in problems(checkout)
