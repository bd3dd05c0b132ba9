"""Word columns for the honour roll's accent-insensitive search, in the site's one folding rule.

A recipient's name is stored twice beside itself, padded with spaces so that a word is found with
``LIKE '% word%'`` on SQLite and PostgreSQL alike (no engine needed for a table of a few hundred
thousand rows at most): ``words`` as written (lower case, NFC) and ``folded`` (no tone marks, đ → d).
A query word found in ``words`` is the reader's own spelling and counts above a look-alike found
only in ``folded``: "nguyen van an" lists Nguyễn Văn An (the word "an" as typed) before Nguyễn Văn Ân.
"""

import re

from core.text import fold, normalise

WORD = re.compile(r"\w+")


def word_column(text):
    """ " nguyễn văn an ": lower-case words of ``text`` separated and surrounded by single spaces."""
    words = WORD.findall(normalise(text))
    return f" {' '.join(words)} " if words else ""


def folded_column(text):
    return fold(word_column(text))


def query_words(raw, max_words=12):
    """The words of a reader's query: as typed (lower case, NFC) and folded, in pairs, without repeats."""
    seen, pairs = set(), []
    for word in WORD.findall(normalise(raw or "")):
        if word not in seen:
            seen.add(word)
            pairs.append((word, fold(word)))
    return pairs[:max_words]
