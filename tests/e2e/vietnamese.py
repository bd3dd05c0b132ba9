"""Fail a journey on any English an editor would read on the screen it is looking at.

The detector (``tools/admin_english_scan.english_words``) is shared with the stand-alone
scanner that walks every admin screen; here it is applied to the page a journey is on,
including placeholders, tooltips, accessible names and button values.
"""

import json

from tools.admin_english_scan import english_words

from .conftest import ARTIFACTS

COLLECT_TEXT = """() => {
  const out = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(parent.tagName)) continue;
    if (parent.closest("[hidden], [aria-hidden=true]") || !visible(parent)) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  const labelled = "[placeholder], [title], [aria-label], [alt], input[type=submit], input[type=button]";
  for (const el of document.body.querySelectorAll(labelled)) {
    if (!visible(el) && !el.matches("[aria-label]")) continue;
    for (const attr of ["placeholder", "title", "aria-label", "alt"]) {
      const value = el.getAttribute(attr);
      if (value) out.push(value);
    }
    if (el.matches("input[type=submit], input[type=button]") && el.value) out.push(el.value);
  }
  out.push(document.title);
  return out;
}"""

FINDINGS = ARTIFACTS / "english-per-screen.jsonl"


def english_on_page(page):
    found = []
    for text in page.evaluate(COLLECT_TEXT):
        found.extend(english_words(text))
    return sorted(set(found))


def assert_vietnamese(page, screen):
    """Record what was found on this screen, then fail if anything English is visible."""
    found = english_on_page(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with FINDINGS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"screen": screen, "url": page.url, "english": found}, ensure_ascii=False) + "\n")
    assert not found, f"English on screen “{screen}” ({page.url}): {found}"
