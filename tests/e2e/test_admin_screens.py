"""Every admin screen an editor, a reviewer or communications staff use, walked in Chromium:
no English word on any of them (the screen list and the detector live in
``tools/admin_english_scan.py``; a screen that cannot be opened counts as a failure)."""

import json

import pytest

from tools.admin_english_scan import SCREENS, scan

from .conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def test_every_admin_screen_of_every_role_is_in_vietnamese(page, live_site):
    results = scan(page, live_site.base_url, screenshots=ARTIFACTS / "admin")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "admin-english.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    assert len(results) == len(SCREENS)
    assert {name: words for name, words in results.items() if words} == {}
