"""The source of a cue verb: its subject, found where the parser put it or failed to.

Subjects are shared across conjoined and subordinate verbs ("he said, boasting that …"),
taken from a "by" agent, from the noun a participle modifies, from the phrase after a quote
("…,” added a Taliban official") or between a quote and the verb.
"""

from __future__ import annotations

from typing import Any

from contested.attribution_spans import CLOSING_QUOTES, Range, char_range, doc_text, subtree_range

#: Dependency labels of a verb's subject (passive subjects are not sources: "he was told").
SUBJECT_DEPS = frozenset({"nsubj"})
#: Verb-to-verb links across which a subject is shared ("he said, boasting that …",
#: "Massoud … but vowed to respond").
SHARED_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl"})
#: Most tokens between a quote and its cue ("…,” the Taliban's chief spokesman in Kabul
#: said"): longer gaps were, on the PolNeAR train split, mostly another clause's quote.
MAX_QUOTE_GAP = 12
#: Prepositions whose gerund shares the main clause's subject ("rejected it by saying …",
#: "after saying he was nervous, the man asked …"); "for" and "on" gerunds rarely do (PolNeAR
#: train: more wrong speakers than right ones).
PCOMP_PREPS = frozenset({"by", "in", "after", "before", "while", "without"})
#: What the parser makes of the name after "…,” said": the subject of a later verb, an
#: apposition or a loose dependent.
INVERTED_DEPS = frozenset({"nsubj", "nsubjpass", "appos", "npadvmod", "dep", "attr"})


def subject_of(verb: Any) -> list[Any]:
    """The subject tokens of a verb, inherited across conj/xcomp/advcl when it has none.

    A participle modifying a noun takes that noun ("Republicans saying …" → Republicans),
    and a verb the parser left without a subject after a quote takes the noun phrase between
    the quote and the verb ("…,” Brent Bozell III, founder of the group, tells …").
    """
    seen = 0
    while verb is not None and seen < 4:
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects
        agents = [c for c in verb.children if c.dep_ == "agent"]
        if agents:
            return [p for a in agents for p in a.children if p.dep_ == "pobj"]
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i:
            return [verb.head]
        if verb.dep_ == "pcomp" and verb.head.lower_ in PCOMP_PREPS and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head  # "rejected it by saying …", "In declaring …, the pope …"
        elif verb.dep_ not in SHARED_SUBJECT_DEPS or verb.head.i == verb.i:
            return _inverted_subject(verb) or _subject_after_quote(verb)
        else:
            verb = verb.head
        seen += 1
    return []


def _inverted_subject(verb: Any) -> list[Any]:
    """The speaker after the verb in "“…,” added a South Carolina Democrat", which the parser
    takes for an object, or for the subject of a later verb: the noun phrase right after a
    verb that directly follows a quote."""
    doc = verb.doc
    j = verb.i - 1
    while j >= verb.sent.start and doc[j].is_punct and doc[j].text not in CLOSING_QUOTES:
        j -= 1
    if j < verb.sent.start or doc[j].text not in CLOSING_QUOTES:
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if objects:
        return objects[:1] if objects[0].pos_ in ("PROPN", "NOUN") else []
    if verb.i + 1 >= verb.sent.end:
        return []
    noun = doc[verb.i + 1]  # "…,'' said Robin Maynard, half joking": the parser made the
    while noun.dep_ in ("compound", "det", "amod") and noun.head.i > noun.i:  # name the
        noun = noun.head  # subject of "joking"
    return [noun] if noun.pos_ in ("PROPN", "NOUN") and noun.dep_ in INVERTED_DEPS else []


def _subject_after_quote(verb: Any) -> list[Any]:
    """Nominal tokens between a closing quote mark (or the sentence start) and the verb, when
    nothing else is there: the parser leaves long appositive subjects unattached ("Jay
    DiPietro, the club's president, suggested …")."""
    toks = []
    for tok in reversed(verb.doc[verb.sent.start : verb.i]):
        if tok.text in CLOSING_QUOTES:
            break
        toks.append(tok)
    nominal = [t for t in toks if t.pos_ in ("PROPN", "NOUN", "PRON", "NUM")]
    if not nominal or len(toks) > MAX_QUOTE_GAP or any(t.pos_ in ("VERB", "AUX") for t in toks):
        return []
    return sorted(nominal, key=lambda t: t.i)


def source_range(subjects: list[Any]) -> Range | None:
    """The character span of a cue's subjects (None without any)."""
    if not subjects:
        return None
    if len(subjects) > 1 and all(s.dep_ not in SUBJECT_DEPS for s in subjects):
        return char_range(subjects[0].doc[min(s.i for s in subjects) : max(s.i for s in subjects) + 1])
    ranges = [r for r in (_subject_range(s) for s in subjects) if r is not None]
    if not ranges:
        return None
    return _closing_comma((min(r[0] for r in ranges), max(r[1] for r in ranges)), subjects[0].doc)


def _closing_comma(span: Range, doc: Any) -> Range:
    """A source with an apposition takes in the comma that closes it ("Jon Tester, chairman
    of the committee, said"), as PolNeAR marks it (72% of such sources on the train split)."""
    text = doc_text(doc)
    if text[span[1] : span[1] + 1] == "," and "," in text[span[0] : span[1]]:
        return (span[0], span[1] + 1)
    return span


def _subject_range(tok: Any) -> Range | None:
    """A subject's phrase; a noun a participle modifies is taken up to that participle."""
    if tok.dep_ in SUBJECT_DEPS or tok.dep_ == "pobj":
        return subtree_range(tok)
    return char_range(t for t in tok.subtree if t.i <= tok.i or t.head.i == tok.i and t.dep_ != "acl")
