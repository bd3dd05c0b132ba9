"""The check run after ``make test``: anything a run writes into the checkout is reported."""

import os

from tools.tree_guard import changes, snapshot


def test_new_changed_and_removed_files_are_reported_even_where_git_ignores_them(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "models.py").write_text("x = 1\n")
    (tmp_path / "gone.txt").write_text("bye")
    (tmp_path / ".venv").mkdir()
    before = snapshot(tmp_path)

    (tmp_path / "news" / "__pycache__").mkdir()
    (tmp_path / "news" / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "var" / "search").mkdir(parents=True)
    (tmp_path / "var" / "search" / "embedded-1.pickle").write_bytes(b"\0")
    (tmp_path / "news" / "models.py").write_text("x = 2\n")
    os.utime(tmp_path / "news" / "models.py", ns=(1, 1))
    (tmp_path / "gone.txt").unlink()
    (tmp_path / ".venv" / "installed.pyc").write_bytes(b"\0")  # the virtualenv is not the project

    assert changes(before, snapshot(tmp_path)) == [
        "+ news/__pycache__/models.cpython-311.pyc",
        "+ var/search/embedded-1.pickle",
        "- gone.txt",
        "M news/models.py",
    ]


def test_an_untouched_tree_reports_nothing(tmp_path):
    (tmp_path / "a.py").write_text("")
    assert changes(snapshot(tmp_path), snapshot(tmp_path)) == []
