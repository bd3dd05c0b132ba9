"""Vietnamese text for search: tokens, accent folding (đ included), highlighting.

Unicode gives đ/Đ no decomposition and SQLite's FTS folding leaves letters with
two marks (ộ, ớ) alone, so folding here is a translation table built once from
every Latin letter the language uses.
"""

import html
import re
import unicodedata

TOKEN = re.compile(r"\w+", re.UNICODE)


def _fold_table():
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x1EFF + 1):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and len(base) == 1 and base.isascii():
            table[code] = base
    return table


FOLD = _fold_table()


def normalise(text):
    return unicodedata.normalize("NFC", text or "").lower()


def fold(text):
    return normalise(text).translate(FOLD)


def tokens(text):
    """Lower-case tokens with their accents, in order."""
    return TOKEN.findall(normalise(text))


def clean_query(raw, max_chars=256, max_tokens=24):
    """What a reader typed, made safe: no control characters, bounded length."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    text = " ".join(text.split())[:max_chars]
    words = tokens(text)[:max_tokens]
    return text, words


def highlight(text, folded_terms, width=36):
    """A window of ``text`` around the first matches, matched words in <mark>, HTML-escaped.

    Matching is on folded forms, so "thi dua" marks "thi đua"; the text keeps its accents.
    """
    if not text:
        return ""
    parts = re.split(r"(\w+)", text)
    word_positions = [i for i in range(1, len(parts), 2)]
    hits = [n for n, i in enumerate(word_positions) if fold(parts[i]) in folded_terms]
    if hits:
        first = hits[0]
        start_word = max(0, first - width // 3)
    else:
        start_word = 0
    end_word = min(len(word_positions), start_word + width)
    if not word_positions:
        return html.escape(text[:200])
    start_index = word_positions[start_word]
    end_index = word_positions[end_word - 1] + 2 if end_word < len(word_positions) else len(parts)
    out = []
    for i in range(start_index, end_index):
        piece = parts[i]
        if i % 2 == 1 and fold(piece) in folded_terms:
            out.append(f"<mark>{html.escape(piece)}</mark>")
        else:
            out.append(html.escape(piece))
    prefix = "… " if start_word > 0 else ""
    suffix = " …" if end_word < len(word_positions) else ""
    return prefix + "".join(out).strip() + suffix
