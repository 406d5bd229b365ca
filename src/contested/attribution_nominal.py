"""Attribution rules whose cue is not a reporting verb: adjectives ("was confident"),
prepositions ("according to"), nouns ("his claim that", "criticism of"), headline colons
("Massoud: …") and hearsay adverbs ("reportedly").
"""

from __future__ import annotations

from typing import Any

from contested.attribution_sources import source_range, subject_of
from contested.attribution_spans import Attribution, Range, char_range, doc_text, subtree_range
from contested.cue_lexicon import Cues
from contested.quotes import Quote

#: Entity types that can name a speaker before a headline colon.
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _adjective(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """Copula + adjective + clause: "Mujahid was confident it had entered the valley"."""
    if tok.lemma_.lower() not in cues.adjectives or tok.dep_ != "acomp":
        return None
    if tok.head.lemma_.lower() not in cues.copulas:
        return None  # "make sure that …" is no one's belief
    copula = tok.head
    source = source_range(subject_of(copula))
    if source is None:
        return None
    content, cue_end = _adjective_content(tok, cues)
    if content is None:
        return None
    cue = (copula.idx, max(cue_end, tok.idx + len(tok.text)))
    return Attribution(cue, (content,), source, False, tok.lemma_.lower(), "adjective", tok.i)


def _adjective_content(tok: Any, cues: Cues) -> tuple[Range | None, int]:
    """What a cue adjective is about: a clause ("confident it had entered"), a to-infinitive
    ("eager to fight"), or the object of a preposition the lexicon names for it ("critical of
    the deal"); the cue runs to that preposition."""
    for child in tok.children:
        if child.dep_ == "ccomp" or child.dep_ == "xcomp" and any(c.dep_ == "aux" for c in child.children):
            return subtree_range(child), 0
    preps = cues.adjective_preps.get(tok.lemma_.lower(), frozenset())
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return subtree_range(objects[0]), prep.idx + len(prep.text)
    return None, 0


def _preposition(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """"According to X, …" and "…, per X": X is the source, the rest of the clause the content."""
    for words in cues.prepositions:
        if tok.lower_ != words[0] or tok.i + len(words) > len(tok.doc):
            continue
        span = tok.doc[tok.i : tok.i + len(words)]
        if [t.lower_ for t in span] != list(words):
            continue
        last = span[-1]
        objects = [c for c in last.children if c.dep_ == "pobj"]
        if not objects or (words == ("per",) and objects[0].pos_ != "PROPN"):
            return None
        source = subtree_range(objects[0])
        content = _clause_without(tok, span)
        if source is None or content is None:
            return None
        cue = (tok.idx, last.idx + len(last.text))
        return Attribution(cue, (content,), source, False, " ".join(words), "preposition", tok.i)
    return None


def _clause_without(tok: Any, span: Any) -> Range | None:
    """The sentence holding a prepositional cue, minus the cue phrase (content of "according
    to X"): the phrase modifies the whole proposition, wherever it attaches."""
    sent = tok.sent
    phrase = {t.i for t in tok.subtree} | {t.i for t in span}
    before = [t for t in sent if t.i < min(phrase)]
    after = [t for t in sent if t.i > max(phrase)]
    parts = [r for r in (char_range(before), char_range(after)) if r is not None]
    if not parts:
        return None
    longest = max(parts, key=lambda r: r[1] - r[0])
    return longest


def _colon(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """A headline-style "Name: what they said": a short verbless phrase opening a sentence,
    then a colon, then the content."""
    if tok.text != ":" or tok.i == tok.sent.start:
        return None
    sent = tok.sent
    head = tok.doc[sent.start : tok.i]
    if len(head) > cues.colon_max_tokens or any(t.pos_ in ("VERB", "AUX") for t in head):
        return None
    if "\n" in head.text or len(head.text.strip('"“ ')) < 2:
        return None  # a heading from the paragraph before, or an interview's "Q:" and "A:"
    if _dateline(head):
        return None
    named = any(t.ent_type_ in SPEAKER_ENTITIES for t in head)
    transcript = len(head) <= 3 and all(t.text.isupper() and t.text.isalpha() for t in head)
    if not named and not transcript and not (len(head) == 1 and head[0].text[:1].isupper()):
        return None  # a speaker's name ("Editor's note:", "The Latest:" are not); the tagger
        # mistakes a lone surname for an adjective at times, so one capitalised word counts,
        # and so does a name in capitals, as transcripts write them ("JAKE TAPPER:")
    if tok.i + 1 >= len(tok.doc):
        return None
    rest = tok.doc[tok.i + 1 : tok.doc[tok.i + 1].sent.end]  # the parser may end the sentence at ":"
    source, content = char_range(head), char_range(rest)
    if source is None or content is None or len(rest) < 3 or "\n" in doc_text(tok.doc)[tok.idx : content[0]]:
        return None
    return Attribution((tok.idx, tok.idx + 1), (content,), source, False, ":", "colon", tok.i)


def _dateline(head: Any) -> bool:
    """Whether the words before a colon are a dateline ("ZAMBOANGA CITY:", "KABUL:"): a
    place, or words in capitals, opening the article."""
    doc = head.doc
    first = doc[head.start - 1].is_space if head.start > 0 else True
    opening = head.start == 0 or (first and all(t.is_space for t in doc[: head.start]))
    place = all(t.ent_type_ in ("GPE", "LOC", "FAC") for t in head if t.is_alpha)
    capitals = all(t.text.isupper() for t in head if t.is_alpha)
    return opening and (place or capitals)


def _noun(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """A cue noun with a that-clause: "the Taliban's claim that they hold the valley"."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or lemma not in cues.nouns and lemma not in cues.infinitive_nouns:
        return None
    clauses = [
        c
        for c in tok.children
        if c.dep_ in ("acl", "ccomp")
        and (
            lemma in cues.nouns and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
            or lemma in cues.infinitive_nouns and c.i > tok.i and any(m.dep_ == "aux" and m.lower_ == "to" for m in c.children)
        )
    ]
    if not clauses:
        return None
    content = subtree_range(clauses[0])
    if content is None:
        return None
    cue = (tok.idx, tok.idx + len(tok.text))
    return Attribution(cue, (content,), _noun_owner(tok), False, tok.lemma_.lower(), "noun", tok.i)


def _noun_topic(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """A cue noun with its topic in a prepositional phrase: "his support for abortion rights",
    "criticism of the plan", "questions about her emails". The cue runs to the preposition."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or lemma not in cues.topic_nouns:
        return None
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.i < tok.i or prep.lower_ not in cues.topic_nouns[lemma]:
            continue
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        content = subtree_range(objects[0]) if objects else None
        if content is None:
            continue
        cue = (tok.idx, prep.idx + len(prep.text))
        return Attribution(cue, (content,), _noun_owner(tok), False, lemma, "noun-topic", tok.i)
    return None


def _noun_owner(tok: Any) -> Range | None:
    """Who holds a cue noun: a possessive ("Trump's claim"), a name before it ("Trump
    support"), or the object of "from"/"by" ("criticism from Democrats")."""
    for child in tok.children:
        if child.dep_ == "poss":
            return subtree_range(child)
    for child in tok.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < tok.i:
            return subtree_range(child)
    for child in tok.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("from", "by"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return subtree_range(objects[0])
    return None


def _adverb(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """A hearsay adverb ("the commander reportedly fled", "allegedly"): no source; the
    clause it modifies, without the adverb, is the content."""
    if tok.lower_ not in cues.adverbs or tok.dep_ != "advmod" or tok.head.pos_ not in ("VERB", "AUX"):
        return None
    head = tok.head
    rest = [t for t in head.subtree if t.i != tok.i]
    before = char_range(t for t in rest if t.i < tok.i)
    after = char_range(t for t in rest if t.i > tok.i)
    content = tuple(r for r in (before, after) if r is not None)
    if not content:
        return None
    cue = (tok.idx, tok.idx + len(tok.text))
    return Attribution(cue, content, None, False, tok.lower_, "adverb", tok.i)


#: The rules of this module, in the order they are tried on each token.
RULES = (_adjective, _preposition, _noun, _noun_topic, _colon, _adverb)
