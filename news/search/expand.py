"""What a reader means: a parsed query widened at query time, so nothing needs reindexing.

- Synonyms (SynonymGroup): a word also matches each term of its groups, and so does the word
  with one of its terms or pieces swapped for a synonym (RO膜 finds 反渗透膜, UF膜组件 finds
  超滤膜组件); each is cut as an article holding it was.
- Words inside words: a Han word that is no term of its own also matches the longer
  vocabulary words holding it (新产业 finds 创新产业园), and a single character the industry
  dictionary's two-character words holding it (膜 finds 膜法).

Each goes into Word.synonyms, which the backends OR with the word as typed and rank below it.
The groups are kept with the segmenter (news.search.text), reloaded when editors change them.
"""

from dataclasses import replace

from .text import make_word, segmenter

MAX_ALTERNATIVES = 12  # per word: each one is more terms in every full-text query


def _synonym_texts(word, synonyms):
    texts = list(synonyms.get(word.text, ()))
    for term in dict.fromkeys(word.terms):
        if term in synonyms and term in word.text and term != word.text:
            texts += [word.text.replace(term, other, 1) for other in synonyms[term]]
    return texts


def expand(query, inside=None):
    """query with Word.synonyms filled in (the query itself when nothing applies).

    inside: a function giving the longer words that hold a word (see news.search.vocabulary).
    """
    if not query:
        return query
    segmenter.get()
    synonyms = segmenter.synonyms
    words = []
    for word in query.words:
        texts = _synonym_texts(word, synonyms)
        if inside is not None:
            texts += inside(word)
        found = []
        for text in dict.fromkeys(texts):
            other = make_word(text, loose=True)
            if other is not None and other.parts != word.parts and other.parts not in found:
                found.append(other.parts)
        found = found[:MAX_ALTERNATIVES]
        words.append(replace(word, synonyms=tuple(found)) if found else word)
    return replace(query, words=tuple(words))
