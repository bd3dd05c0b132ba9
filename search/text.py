"""Vietnamese text for search: tokens, safe queries, highlighting.

Folding (accents and đ) is ``core.text``'s, the same rule slugs and tag URLs use;
``FOLD``, ``fold`` and ``normalise`` are re-exported for the engines.
"""

import html
import re

from core.text import FOLD, fold, normalise

__all__ = ["FOLD", "TOKEN", "clean_query", "fold", "highlight", "normalise", "tokens"]

TOKEN = re.compile(r"\w+", re.UNICODE)


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
    start_index = word_positions[start_word] if start_word else 0  # keep an opening quote or bracket
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
