"""Do the lock files still match the requirements they were compiled from?

requirements.txt and requirements-dev.txt name the direct dependencies (exact pins);
requirements.lock and requirements-dev.lock, written by ``make lock``, pin every
package with the hashes pip checks at install time. A package added to or re-pinned
in a ``.txt`` without ``make lock`` would never be installed (``make setup`` installs
the lock only), so ``make test`` runs this check (tests/test_requirements_lock.py) and
``make lock`` ends with it.

    python -B -m tools.check_lock      # exit 1 and one line per problem when stale

Standard library only: it runs before anything is installed.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = (("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock"))
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(?:==\s*([^\s;#]+))?")
LOCKED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalise(name):
    """PEP 503: ``Django``, ``django`` and ``wagtail_factories``/``wagtail-factories`` are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_requirements(path):
    """{name: (pinned version or None, extras)} of a requirements file, following ``-r``."""
    found = {}
    for raw in Path(path).read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            found.update(direct_requirements(Path(path).parent / line.split(None, 1)[1]))
            continue
        if line.startswith("-"):
            continue
        match = REQUIREMENT.match(line)
        if match:
            extras = {normalise(extra) for extra in (match.group(2) or "").split(",") if extra.strip()}
            found[normalise(match.group(1))] = (match.group(3), extras)
    return found


def locked_packages(path):
    """{name: (version, number of hashes)} of a lock file written by pip-compile --generate-hashes."""
    locked = {}
    current = None
    for line in Path(path).read_text().splitlines():
        match = LOCKED.match(line)
        if match:
            current = normalise(match.group(1))
            locked[current] = [match.group(2), 0]
        elif current and line.strip().startswith("--hash=sha256:"):
            locked[current][1] += 1
        elif not line.startswith(" "):
            current = None
    return {name: tuple(value) for name, value in locked.items()}


def problems(root=ROOT):
    """One sentence per mismatch between the requirements and their locks (empty when in step)."""
    root = Path(root)
    found = []
    locks = {}
    for source, lock in PAIRS:
        if not (root / lock).exists():
            found.append(f"{lock} không có: chạy `make lock`.")
            continue
        locked = locks[lock] = locked_packages(root / lock)
        for name, (version, _extras) in direct_requirements(root / source).items():
            if name not in locked:
                found.append(f"{source} có {name} nhưng {lock} không có: chạy `make lock`.")
            elif version and locked[name][0] != version:
                found.append(
                    f"{source} ghim {name}=={version} nhưng {lock} ghim {name}=={locked[name][0]}: chạy `make lock`."
                )
        found.extend(
            f"{lock}: {name} không có mã băm (pip --require-hashes sẽ từ chối)."
            for name, (_, hashes) in locked.items()
            if not hashes
        )
    runtime, dev = locks.get(PAIRS[0][1]), locks.get(PAIRS[1][1])
    if runtime and dev:
        for name, (version, _) in runtime.items():
            if name not in dev or dev[name][0] != version:
                found.append(
                    f"{PAIRS[1][1]} phải chứa {name}=={version} như {PAIRS[0][1]} "
                    f"(có: {dev.get(name, ('không có',))[0]}): chạy `make lock`."
                )
    return found


def main():
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if not found:
        print("Các tệp khóa khớp với requirements*.txt.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
