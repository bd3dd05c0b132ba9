"""Run a command and fail if it wrote anything into the checkout.

``make test`` and ``make test-stack`` run pytest through it. Tests keep their files
(databases, uploads, bytecode, search snapshots, collected static files, server logs)
in temporary directories; a test that writes into the project instead leaves files
that later runs, ``git status`` or a deployment pick up. Git-ignored paths count too
(``__pycache__``, ``var/``, ``media/`` are exactly where such files land), so the check
compares every file's size and modification time, not ``git status``.

    python -B -m tools.tree_guard -- python -B -m pytest

Exit status: the command's own when it fails, else 1 if the tree changed, else 0.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Not the project's files: the virtualenvs (the site's and `make lock`'s), git's own data, and the screenshots and
# server log the browser journeys keep on purpose for a person to look at.
SKIPPED = {".git", ".venv", ".venv-lock", "test-artifacts"}


def snapshot(root=ROOT):
    files = {}
    for directory, subdirectories, names in os.walk(root):
        if directory == str(root):
            subdirectories[:] = [name for name in subdirectories if name not in SKIPPED]
        for name in names:
            path = Path(directory, name)
            if path.parent == root and name in SKIPPED:
                continue
            try:
                stat = path.lstat()
            except FileNotFoundError:
                continue
            files[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return files


def changes(before, after):
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    modified = sorted(path for path in set(before) & set(after) if before[path] != after[path])
    return [f"+ {path}" for path in added] + [f"- {path}" for path in removed] + [f"M {path}" for path in modified]


def main(argv):
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        sys.exit("usage: python -m tools.tree_guard -- COMMAND...")
    before = snapshot()
    status = subprocess.call(command, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    if status:
        return status
    found = changes(before, snapshot())
    if found:
        print(f"\nThe run changed {len(found)} file(s) in the checkout; tests must write in temporary directories:")
        print("\n".join(f"  {line}" for line in found[:50]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
