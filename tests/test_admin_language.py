"""The admin speaks Vietnamese, whatever language the browser asks for."""

import gettext
import json
import re
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES"


def po_entries():
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', text, flags=re.M)
    return [(a.replace('\\"', '"'), b.replace('\\"', '"')) for a, b in pairs]


def test_compiled_catalogue_matches_its_source():
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = po_entries()
    assert len(entries) > 50
    for msgid, msgstr in entries:
        assert compiled.gettext(msgid) == msgstr, f"{msgid!r}: run `make messages`"


@pytest.mark.django_db
def test_admin_is_vietnamese_even_for_an_english_browser(admin_client):
    body = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in body
    menu = {json.loads(f'"{label}"') for label in re.findall(r'"label": "((?:[^"\\]|\\.)+)"', body)}
    assert {"Trang", "Hình ảnh", "Tài liệu", "Báo cáo", "Trợ giúp", "Quy trình duyệt"} <= menu
