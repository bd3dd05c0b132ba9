"""Finds English words in Vietnamese admin text.

Vietnamese written without its diacritics is plain ASCII ("tin", "the", "can", "an"), so "ASCII word"
cannot mean "English word". A word is reported only when it is both

- in an English vocabulary: every word of the English message ids shipped by Wagtail, Django and the
  admin's other apps (the strings that leak into the admin when a translation is missing), plus a
  short list of common English words; and
- impossible as a Vietnamese syllable: a word shaped like onset + rhyme ("the", "tin", "can", "to")
  is ambiguous and ignored; real English UI text nearly always holds unambiguous words too
  ("Sign in to Wagtail" is caught by "sign").

Proper names and loanwords used as such in Vietnamese (``ALLOWED``) are never reported; chunks that
look like addresses, file names or identifiers (``user@host``, ``a/b``, ``anh-1.jpg``, ``snake_case``)
are skipped whole.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

# Proper names, abbreviations and words Vietnamese itself uses as they are. Keep this list short:
# every entry is a word the scan will never catch.
ALLOWED = frozenset(
    {
        "wagtail",  # the product's name
        "chinhphu",
        "vgp",
        "rss",
        "url",
        "urls",
        "seo",
        "id",
        "opengraph",
        "email",  # "Địa chỉ email" is the usual Vietnamese
        "slug",  # shown in brackets after "đường dẫn"
        "csv",
        "xlsx",  # file formats, named as such
        "html",
        "json",
        "pdf",
        "admin",  # the demo superuser's user name, shown in the account menu
        "menu",  # loanwords written as such in Vietnamese UI text
        "web",
        "redis",  # product names
        "kb",  # units
        "mb",
    }
)


def _split_words(text: str) -> list[str]:
    return text.split()


# Common English words that may appear in the admin without being part of any message id
# (hard-coded strings, template text, third-party widgets).
COMMON_ENGLISH = _split_words(
    """
a about above account action actions active add added after ago all also an and any approve approved are
as at author available back be before below between both browse bulk by cancel change changed changes
check choose clear click close collapse comment comments content copy create created current dashboard
date day days delete deleted details document documents done draft edit edited editor enter error
expand expired explorer file filter filters find first for from go has have help here hide history
home hour hours if image images in into is it items just last latest link live load loading locked lock
log login logout menu minute minutes moderation month months more move name new next no not now of
off on one or order other owner page pages password paused please preview previous private profile
publish published recent remember remove rename reply report reports request required reset results
revert review save saved saving schedule scheduled search second seconds select selected send settings
show sign sort status submit submitted tab tag tags than that the there this time title to today
type unlock unpublish unpublished untitled update updated upload uploaded usage use used user username
users view week weeks welcome what when which with without workflow workflows year years yes you your
"""
)

_WORD = re.compile(r"[^\W\d_]+")
# Chunks that are addresses, paths, file names or identifiers rather than prose.
_NOT_PROSE = re.compile(r"[@/\\_=#]|://|\w\.\w|\w-\w*\d")
_MSGID = re.compile(r'^msgid(?:_plural)? "(.*)"\n((?:".*"\n)*)', re.M)

_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?"
_VOWELS = (
    "uyeu|uye|uya|uyu|uoi|uou|uay|oai|oay|oao|oeo|ieu|yeu|ia|ie|ye|ya|ua|uo|ue|ui|uu|uy|oa|oe|oi|oo|"
    "ai|ao|au|ay|eo|eu|iu|a|e|i|o|u|y"
)
_VIETNAMESE_SYLLABLE = re.compile(rf"^{_ONSET}(?:{_VOWELS})(?:ch|ng|nh|[cmnpt])?$")


def is_vietnamese_syllable(word: str) -> bool:
    """True when the ASCII word could be a Vietnamese syllable written without diacritics."""
    return bool(_VIETNAMESE_SYLLABLE.match(word.lower()))


def _package_catalogues() -> list[Path]:
    """English message catalogues of the packages whose strings can reach the admin."""
    import django
    import wagtail

    files = list(Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/*.po"))
    django_root = Path(django.__file__).parent
    files += [django_root / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    for app in ("admin", "auth", "contenttypes"):
        files += list((django_root / "contrib" / app / "locale" / "en" / "LC_MESSAGES").glob("*.po"))
    try:
        import taggit

        files += list(Path(taggit.__file__).parent.glob("locale/en/LC_MESSAGES/*.po"))
    except ImportError:  # pragma: no cover - taggit is a Wagtail dependency
        pass
    return [f for f in files if f.exists()]


def msgids(path: Path) -> list[str]:
    """The message ids (and plural ids) of a .po file, continuation lines joined."""
    text = path.read_text(encoding="utf-8")
    found = []
    for first, rest in _MSGID.findall(text):
        found.append(first + "".join(line[1:-1] for line in rest.splitlines()))
    return [m for m in found if m]


def _tokens(text: str) -> list[str]:
    words = []
    for chunk in text.split():
        if _NOT_PROSE.search(chunk):
            continue
        words.extend(_WORD.findall(chunk))
    return words


@functools.cache
def english_vocabulary() -> frozenset[str]:
    """Lower-case English words that are not possible Vietnamese syllables nor allowed names."""
    words = set(COMMON_ENGLISH)
    for path in _package_catalogues():
        for msgid in msgids(path):
            msgid = re.sub(r"%\(\w+\)[sdf]|\{\w*\}|%[sd]", " ", msgid)
            words.update(w.lower() for w in _tokens(msgid))
    return frozenset(w for w in words if len(w) > 1 and w.isascii() and not is_vietnamese_syllable(w)) - ALLOWED


def english_words(text: str) -> list[str]:
    """The English words of ``text`` in order of appearance, each once (as written)."""
    vocabulary = english_vocabulary()
    seen: dict[str, str] = {}
    for word in _tokens(text):
        key = word.lower()
        if key in vocabulary and key not in seen:
            seen[key] = word
    return list(seen.values())
