"""One folding and one slug rule for the whole site, built on ``anyascii``.

Unicode gives đ/Đ no decomposition, so NFKD-based folding (Django's ``slugify``)
silently drops the letter ("Đảng" → "ang") and SQLite's folding leaves letters
with two marks (ộ, ớ) alone. ``anyascii`` (already installed with Wagtail) knows
every Vietnamese letter, đ included. Pages, tags, the importer and search all
fold with it, so a slug, a tag URL and a search term never disagree.
"""

import unicodedata

from anyascii import anyascii
from django.utils.text import slugify as django_slugify


def _letter_table():
    """Accented Latin letters → their single ASCII letter, for ``str.translate``.

    Search folds every word of every document: a translation table built once is
    several times faster than calling ``anyascii`` per word. Letters anyascii spells
    with more than one character (æ → ae) and other scripts (Greek, Cyrillic) stay
    as they are, so a folded word keeps its length and its place for highlighting.
    """
    table = {}
    for code in range(0x00C0, 0x1EFF + 1):
        char = chr(code)
        ascii_form = anyascii(char)
        latin = unicodedata.name(char, "").startswith("LATIN ")
        if latin and ascii_form != char and len(ascii_form) == 1 and ascii_form.isalpha():
            table[code] = ascii_form
    return table


FOLD = _letter_table()


def normalise(text):
    """NFC and lower case: the form search tokens and exact-accent matches use."""
    return unicodedata.normalize("NFC", str(text or "")).lower()


def fold(text):
    """Lower case without tone marks, đ → d: "Đảng bộ" → "dang bo"."""
    return normalise(text).translate(FOLD)


def slugify(text, max_length=255):
    """A URL slug with no diacritics: "Thi đua yêu nước" → "thi-dua-yeu-nuoc"."""
    return django_slugify(anyascii(str(text or "")))[:max_length].strip("-")


def unique_slug(text, taken, fallback, max_length=255):
    """``slugify(text)`` (or ``fallback``), with "-2", "-3"… until it is not in ``taken``.

    ``taken`` is a container or a callable answering "is this slug in use?", so a
    caller can check a set it loaded once or ask the database.
    """
    is_taken = taken if callable(taken) else taken.__contains__
    base = slugify(text, max_length) or fallback
    slug, n = base, 1
    while is_taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug
