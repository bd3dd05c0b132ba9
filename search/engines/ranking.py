"""The ranking rules every engine expresses in its own query language.

Field weights: a word in the title counts eight times one in the body. The
factors scale a field's weight for the extra clauses: adjacent query words
found adjacent (``PHRASE_FACTOR``), the whole query in order (``WHOLE_PHRASE_FACTOR``),
and a word found with the reader's own diacritics
(``EXACT_FACTOR``: "Bằng khen" above "Bảng khen").
"""

FIELD_BOOSTS = {"title": 8.0, "sapo": 4.0, "tags": 3.0, "byline": 2.0, "body": 1.0}
PHRASE_FACTOR = 1.5
EXACT_FACTOR = 0.5
# Stories holding the whole query, in order, in any field form a tier above stories that
# only scatter its words: a constant this large outweighs any sum of word scores, the way
# "every word" outranks "any word". A reader typing "Lò Thị Xuyến" wants the story naming
# her in its body before one whose title happens to hold "lò", "thị" and "xuyên" (on the
# benchmark corpus plain field weights put 0 of 10 planted stories on the first page).
WHOLE_PHRASE_TIER = 1000.0
# Inside a tier, where the whole phrase stands still counts: title > sapo > … > body.
WHOLE_PHRASE_FACTOR = 3.0
