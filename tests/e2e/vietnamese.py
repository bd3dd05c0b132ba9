"""Fail a journey on any English an editor would read on the screen it is looking at.

The text collector and the detector are the ones ``tools/admin_english_scan.py`` uses to walk
every admin screen: rendered text, document title and the placeholder, title, aria-label, alt
and value of visible elements.
"""

import json

from tools.admin_english_scan import english_words, visible_text

from .conftest import ARTIFACTS

FINDINGS = ARTIFACTS / "english-per-screen.jsonl"


def assert_vietnamese(page, screen):
    """Record what was found on this screen, then fail if anything English is visible."""
    page.wait_for_load_state("networkidle")
    found = english_words(visible_text(page))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with FINDINGS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"screen": screen, "url": page.url, "english": found}, ensure_ascii=False) + "\n")
    assert not found, f"English on screen “{screen}” ({page.url}): {found}"
