"""Find attributions (source, cue, content) in a parsed article, PARC/PolNeAR style.

An attribution ties a *source* (who says, thinks or reports) through a *cue* ("said",
"according to", "was confident") to a *content* span (what is said). Spans are character
offsets into the text; a content may have several fragments (a quote interrupted by
"he said", or continued in the next sentence). Sources are the literal text spans ("he",
"spokesman for the NRF"); resolving them to people and sides is the claims stage's job.

The rules read spaCy's dependency parse. Each rule is small and general: the cue lexicon
(data/cues.yaml) says which words are cues and which complements carry their content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any

from contested.lexicon import load_yaml
from contested.quotes import Quote, find_quotes, is_speech, paragraphs

Range = tuple[int, int]

#: Dependency labels of a verb's subject (passive subjects are not sources: "he was told").
SUBJECT_DEPS = frozenset({"nsubj"})
#: Verb-to-verb links across which a subject is shared ("he said, boasting that …",
#: "Massoud … but vowed to respond").
SHARED_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl"})
#: Entity types that can name a speaker before a headline colon.
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Quote marks (kept at the edges of content spans, as PolNeAR annotates them).
QUOTE_CHARS = frozenset("“”\"‘’'")
#: Prepositions after a cue verb's object that say what the source holds of it ("accused him
#: of", "blamed them for", "described it as").
OBJECT_PREPS = frozenset({"of", "for", "as"})
#: Punctuation and a closing quote mark right after a content span.
_CLOSING_TAIL = re.compile(r"[.,!?]?[”\"]")
#: Tokens that close a direct quote.
CLOSING_QUOTES = frozenset({"”", '"', "''"})
#: Tokens allowed between a quote and its cue verb besides the subject: "…,” he said",
#: "…,” said Warren", "…,” he told reporters".
GAP_DEPS = frozenset({"punct", "aux", "neg", "advmod", "npadvmod", "dative", "dobj", "prep"})


#: Dependents of a cue verb that PolNeAR's cue spans include when they come right before it.
CUE_PREFIX_DEPS = frozenset({"aux", "neg", "advmod"})


@dataclass(frozen=True)
class Attribution:
    """One source–cue–content triple, with character offsets."""

    cue: Range
    content: tuple[Range, ...]
    source: Range | None = None
    quote: bool = False
    lemma: str = ""
    rule: str = "verb"
    #: Token index of the cue's head word (for linking attributions to each other).
    cue_token: int = -1
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def content_span(self) -> Range:
        """The content's outer range (first fragment start to last fragment end)."""
        return (self.content[0][0], self.content[-1][1])


@dataclass(frozen=True)
class Cues:
    """The cue lexicon (data/cues.yaml) in the shapes the rules need."""

    clause_verbs: frozenset[str]
    object_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    particle_verbs: dict[str, frozenset[str]]
    adjectives: frozenset[str]
    prepositions: tuple[tuple[str, ...], ...]
    nouns: frozenset[str]
    cognitive: frozenset[str]
    colon_max_tokens: int
    topic_prepositions: frozenset[str]
    lemma_fixes: dict[str, str]
    clause_only: frozenset[str]
    copulas: frozenset[str]
    topic_nouns: dict[str, frozenset[str]]
    adjective_preps: dict[str, frozenset[str]]
    infinitive_nouns: frozenset[str]
    cue_media: frozenset[str]
    not_passive: frozenset[str]
    raising: frozenset[str]

    @cached_property
    def verbs(self) -> frozenset[str]:
        return self.clause_verbs | self.object_verbs | self.infinitive_verbs | frozenset(
            self.particle_verbs
        )


@cache
def load_cues(name: str = "cues") -> Cues:
    """Read the cue lexicon once per process."""
    data = load_yaml(name)
    return Cues(
        clause_verbs=frozenset(data["clause_verbs"]),
        object_verbs=frozenset(data["object_verbs"]),
        infinitive_verbs=frozenset(data["infinitive_verbs"]),
        particle_verbs={k: frozenset(v) for k, v in data["particle_verbs"].items()},
        adjectives=frozenset(data["adjectives"]),
        prepositions=tuple(tuple(p) for p in data["prepositions"]),
        nouns=frozenset(data["nouns"]),
        cognitive=frozenset(data["cognitive"]),
        colon_max_tokens=int(data["headline_colon_max_tokens"]),
        topic_prepositions=frozenset(data["topic_prepositions"]),
        lemma_fixes=dict(data["lemma_fixes"]),
        clause_only=frozenset(data["clause_only"]),
        copulas=frozenset(data["copulas"]),
        topic_nouns={k: frozenset(v) for k, v in data["topic_nouns"].items()},
        adjective_preps={k: frozenset(v) for k, v in data["adjective_preps"].items()},
        infinitive_nouns=frozenset(data["infinitive_nouns"]),
        cue_media=frozenset(data["cue_media"]),
        not_passive=frozenset(data["not_passive"]),
        raising=frozenset(data["raising"]),
    )


def find_attributions(doc: Any, cues: Cues | None = None) -> list[Attribution]:
    """All attributions in a spaCy `Doc`, ordered by cue position."""
    cues = cues or load_cues()
    text = doc.text
    quotes = [q for q in find_quotes(text) if is_speech(q, text)]
    found: dict[Range, Attribution] = {}
    for tok in doc:
        for rule in (_verb, _adjective, _preposition, _noun, _noun_topic, _colon):
            att = rule(tok, cues, quotes)
            if att is not None and att.cue not in found:
                found[att.cue] = att
                break
    ordered = _drop_nested_cognitive(sorted(found.values(), key=lambda a: a.cue), cues, quotes)
    ordered = _split_coordinated(ordered, doc)
    clipped = [_within_paragraph(_close_quotes(a, text), text) for a in ordered]
    return _continue_quotes([a for a in clipped if a is not None], quotes, text)


def _split_coordinated(atts: list[Attribution], doc: Any) -> list[Attribution]:
    """A cue verb with its own subject that the parser coordinated with the clause of another
    attribution's content ("74 percent said X, while 22 percent said Y") ends that content:
    the second speaker's words are not the first one's."""
    out = list(atts)
    for k, inner in enumerate(out):
        if inner.cue_token < 0 or inner.rule not in ("verb", "verb-quote", "passive"):
            continue
        tok = doc[inner.cue_token]
        if tok.dep_ not in ("conj", "advcl") or not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
            continue
        for j, outer in enumerate(out):
            if j == k or outer.quote or outer.cue_token < 0:
                continue
            cut = _cut_before(outer, tok)
            if cut is None:
                continue
            out[j] = cut
            break
    return out


def _cut_before(outer: Attribution, tok: Any) -> Attribution | None:
    """`outer` with its content ending before the clause of `tok`, when that clause (headed
    inside the content) runs to the content's end."""
    for n, (start, end) in enumerate(outer.content):
        if not start <= tok.head.idx < end or not start <= tok.idx < end:
            continue
        right = tok.right_edge
        if right.idx + len(right.text) < end - 2:
            return None
        left = tok.left_edge.i
        doc = tok.doc
        kept = [t for t in doc[doc[left].sent.start : left] if t.idx >= start]
        piece = char_range(kept)
        if piece is None or piece[1] <= start:
            return None
        content = (*outer.content[:n], piece, *outer.content[n + 1 :])
        return replace(outer, content=content)
    return None


def _close_quotes(att: Attribution, text: str) -> Attribution:
    """A content that opens a quote and stops before its closing mark ("called him a
    “loser" + ".”") takes in the mark and the punctuation before it, as annotated."""
    if att.quote:
        return att
    start, end = att.content[-1]
    piece = text[start:end]
    unclosed = piece.count("“") > piece.count("”") or piece.count('"') % 2 == 1
    if not unclosed:
        return att
    match = _CLOSING_TAIL.match(text, end)
    if match is None:
        return att
    return replace(att, content=(*att.content[:-1], (start, match.end())))


def _within_paragraph(att: Attribution, text: str) -> Attribution | None:
    """The attribution with its content and source cut at line breaks, keeping the piece
    nearest the cue: the parser runs sentences over a heading or a paragraph break, and no
    annotated content crosses one (quotes over paragraphs are separate fragments already)."""
    content = tuple(r for r in (_nearest_piece(f, att.cue, text) for f in att.content) if r)
    if not content:
        return None
    source = _nearest_piece(att.source, att.cue, text) if att.source else None
    if content == att.content and source == att.source:
        return att
    return replace(att, content=content, source=source)


def _nearest_piece(span: Range, cue: Range, text: str) -> Range | None:
    """The line of `span` closest to `cue` (the span itself when it holds no line break)."""
    start, end = span
    if "\n" not in text[start:end]:
        return span
    pieces = []
    pos = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            pieces.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    if not pieces:
        return None
    return min(pieces, key=lambda p: max(p[0] - cue[1], cue[0] - p[1], 0))


def top_level(atts: list[Attribution]) -> list[Attribution]:
    """The attributions whose cue lies in no other attribution's content, in cue order.

    "Reuters reported that the Taliban said …" holds two attributions; PolNeAR annotates only
    the outer one (none of the train split's gold cues lies inside another gold content), so
    this is the layer scored against it. The claims stage keeps the inner ones: they are the
    claims that outlet chains lead to. Longer contents are kept first, so that of two
    attributions inside each other's content the outer one stays.
    """
    kept: list[Attribution] = []
    for att in sorted(atts, key=lambda a: -sum(e - s for s, e in a.content)):
        if not any(s <= att.cue[0] < e for k in kept for s, e in k.content):
            kept.append(att)
    return sorted(kept, key=lambda a: a.cue)


def _drop_nested_cognitive(
    atts: list[Attribution], cues: Cues, quotes: list[Quote]
) -> list[Attribution]:
    """Drop thinking/wanting cues that sit inside another attribution's content or a quote:
    "he says he wants X" is one attribution of "he wants X", not two."""
    kept = []
    for att in atts:
        if att.lemma in cues.cognitive:
            spans = [a.content_span for a in atts if a is not att]
            spans += [(q.start, q.end) for q in quotes]
            if any(s <= att.cue[0] < e for s, e in spans):
                continue
        kept.append(att)
    return kept


# --- spans -------------------------------------------------------------------------------


def char_range(tokens: Iterable[Any]) -> Range | None:
    """Character range covering `tokens`, trimmed of edge punctuation other than quote marks."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and _trim(toks[0]):
        toks.pop(0)
    while toks and _trim(toks[-1]):
        toks.pop()
    if not toks:
        return None
    return (toks[0].idx, toks[-1].idx + len(toks[-1].text))


def _trim(tok: Any) -> bool:
    quote_mark = tok.text in QUOTE_CHARS or tok.text in CLOSING_QUOTES
    return (tok.is_punct and not quote_mark) or tok.is_space or tok.dep_ == "cc"


def subtree_range(tok: Any, exclude: Any | None = None) -> Range | None:
    """Range of a token's subtree, optionally cut before a child subtree (`exclude`)."""
    toks = list(tok.subtree)
    if exclude is not None:
        cut = {t.i for t in exclude.subtree}
        toks = [t for t in toks if t.i not in cut]
        # keep the contiguous part on the side of `tok` only
        toks = [t for t in toks if (t.i < exclude.left_edge.i) == (tok.i < exclude.left_edge.i)]
    return char_range(toks)


# --- sources -----------------------------------------------------------------------------


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
        if verb.dep_ == "pcomp" and verb.head.lower_ in ("by", "in") and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head  # "rejected it by saying …", "In declaring …, the pope …"
        elif verb.dep_ not in SHARED_SUBJECT_DEPS or verb.head.i == verb.i:
            return _inverted_subject(verb) or _subject_after_quote(verb)
        else:
            verb = verb.head
        seen += 1
    return []


def _inverted_subject(verb: Any) -> list[Any]:
    """The speaker after the verb in "“…,” added a South Carolina Democrat", which the parser
    takes for an object: a nominal object right after a verb that directly follows a quote."""
    doc = verb.doc
    j = verb.i - 1
    while j >= verb.sent.start and doc[j].is_punct and doc[j].text not in CLOSING_QUOTES:
        j -= 1
    if j < verb.sent.start or doc[j].text not in CLOSING_QUOTES:
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    return objects[:1] if objects and objects[0].pos_ in ("PROPN", "NOUN") else []


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


def _source_range(subjects: list[Any]) -> Range | None:
    if not subjects:
        return None
    if len(subjects) > 1 and all(s.dep_ not in SUBJECT_DEPS for s in subjects):
        return char_range(subjects[0].doc[min(s.i for s in subjects) : max(s.i for s in subjects) + 1])
    ranges = [r for r in (_subject_range(s) for s in subjects) if r is not None]
    if not ranges:
        return None
    return (min(r[0] for r in ranges), max(r[1] for r in ranges))


def _subject_range(tok: Any) -> Range | None:
    """A subject's phrase; a noun a participle modifies is taken up to that participle."""
    if tok.dep_ in SUBJECT_DEPS or tok.dep_ == "pobj":
        return subtree_range(tok)
    return char_range(t for t in tok.subtree if t.i <= tok.i or t.head.i == tok.i and t.dep_ != "acl")


# --- rules -------------------------------------------------------------------------------


def _verb(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """A reporting verb with a subject and a content complement (or an adjacent quote)."""
    lemma = tok.lemma_.lower()
    lemma = cues.lemma_fixes.get(lemma, lemma)
    if lemma not in cues.verbs or tok.dep_ in ("amod", "compound") or not _verbal(tok):
        return None
    if any(q.start <= tok.idx < q.end for q in quotes):
        return None  # reported speech inside a quote is part of the quoted speaker's words
    passive = _passive(tok, lemma, cues)
    if passive is not None:
        return passive
    subjects = subject_of(tok)
    if any(s.dep_ == "expl" for s in subjects):
        return None
    source = _source_range(subjects)
    if source is None:
        return None
    cue = (_cue_start(tok), _cue_end(tok, cues))
    kids = list(tok.children)
    parts = _quotes_of(tok, subjects, quotes)
    if parts:
        return Attribution(cue, parts, source, True, lemma, "verb-quote", tok.i)
    if lemma in cues.clause_verbs and (_follows_its_content(tok, kids) or _as_clause(tok, kids)):
        fragments = _around(tok)
        if fragments:
            return Attribution(cue, fragments, source, False, lemma, "verb", tok.i)
    content, cue_end = _complement(tok, lemma, cues)
    if content is None:
        return None
    inside = _quote_containing(content, quotes)
    if inside is not None:
        return Attribution(cue, inside.parts, source, True, lemma, "verb-quote", tok.i)
    cue = (cue[0], max(cue[1], cue_end))
    if lemma in cues.raising:  # "the idea seems to sit behind …": the writer's impression
        subject = _source_range(subjects)
        return Attribution(cue, (subject, content) if subject else (content,), None, False, lemma, "verb", tok.i)
    return Attribution(cue, (content,), source, False, lemma, "verb", tok.i)


def _around(tok: Any) -> tuple[Range, ...]:
    """The clause a parenthetical cue verb sits in, without the verb's own words: "Riding
    alone, she said, can be hazardous" → ("Riding alone", "can be hazardous")."""
    own = {t.i for t in tok.subtree}
    head = tok.head
    while head.dep_ in ("aux", "auxpass") and head.head.i != head.i:
        head = head.head  # the parser hangs "she said" on "is" of "is closed"
    rest = [t for t in head.subtree if t.i not in own]
    before = char_range(t for t in rest if t.i < tok.left_edge.i)
    after = char_range(t for t in rest if t.i > tok.right_edge.i)
    return tuple(r for r in (before, after) if r is not None)


def _cue_start(tok: Any) -> int:
    """Where a verb cue starts: PolNeAR's cue takes in the auxiliaries, negation and adverbs
    right before the verb ("has also said", "did not respond")."""
    doc = tok.doc
    start = tok.i
    while start > tok.sent.start:
        prev = doc[start - 1]
        if prev.head.i != tok.i or prev.dep_ not in CUE_PREFIX_DEPS:
            break
        start -= 1
    return doc[start].idx


def _cue_end(tok: Any, cues: Cues) -> int:
    """Where a verb cue ends: PolNeAR's cue takes in a colon right after the verb ("said:")
    and "in a statement" (cue_media in data/cues.yaml)."""
    doc = tok.doc
    end = tok.i
    if end + 1 < len(doc) and doc[end + 1].text == ":":
        end += 1
    elif end + 1 < len(doc) and doc[end + 1].lower_ == "in" and doc[end + 1].head.i == tok.i:
        objects = [c for c in doc[end + 1].children if c.dep_ == "pobj"]
        if objects and objects[0].lemma_.lower() in cues.cue_media and objects[0].i <= end + 3:
            end = objects[0].i
    return doc[end].idx + len(doc[end].text)


def _verbal(tok: Any) -> bool:
    """A verb, or a word the tagger took for a noun that heads a clause with a subject, as in
    headlines ("Super PAC blasts Trump", "records show he backed …")."""
    if tok.pos_ == "VERB":
        return True
    return (
        tok.pos_ in ("NOUN", "PROPN")
        and tok.dep_ in ("ROOT", "conj", "ccomp")
        and tok.tag_ in ("NNS", "VBZ", "NN")
        and any(c.dep_ == "nsubj" for c in tok.children)
    )


def _passive(tok: Any, lemma: str, cues: Cues) -> Attribution | None:
    """A passive cue verb: "She is expected to run" (no source; the content is the subject
    and the clause, two fragments), "the plan was criticized by X" (X is the source)."""
    if lemma in cues.not_passive:
        return None
    kids = list(tok.children)
    patients = [c for c in kids if c.dep_ == "nsubjpass"]
    if not patients or not any(c.dep_ == "auxpass" for c in kids):
        return None
    agents = [p for c in kids if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    source = subtree_range(agents[0]) if agents else None
    patient = patients[0]
    subject = None if patient.lower_ == "it" else subtree_range(patient)
    clauses = [c for c in kids if c.dep_ in ("xcomp", "ccomp") and c.i > tok.i]
    if clauses:
        content = tuple(r for r in (subject, subtree_range(clauses[0])) if r is not None)
    elif lemma in cues.object_verbs and subject is not None:
        content = (subject,)
    else:
        return None
    first = min([c.i for c in kids if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i] + [tok.i])
    cue = (tok.doc[first].idx, tok.idx + len(tok.text))
    return Attribution(cue, content, source, False, lemma, "passive", tok.i)


def _complement(tok: Any, lemma: str, cues: Cues) -> tuple[Range | None, int]:
    """The content a cue verb governs, and where the cue ends (after a particle)."""
    kids = list(tok.children)
    clauses = [c for c in kids if c.dep_ == "ccomp"]
    if clauses:  # "questioned whether …", "decided that …"
        return _join(subtree_range(c) for c in clauses), 0
    if lemma in cues.particle_verbs:
        for prep in kids:
            if prep.dep_ in ("prep", "prt", "mark") and prep.lower_ in cues.particle_verbs[lemma]:
                objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                if objects:
                    return subtree_range(objects[0]), prep.idx + len(prep.text)
                if prep.dep_ == "mark" and prep.head is not tok:
                    return subtree_range(prep.head), prep.idx + len(prep.text)
        for clause in kids:  # "calling for the NRF to lay down": `for` marks the clause
            marks = [m for m in clause.children if m.dep_ == "mark"]
            if clause.dep_ == "advcl" and marks and marks[0].lower_ in cues.particle_verbs[lemma]:
                return subtree_range(clause), 0
    if lemma in cues.infinitive_verbs:
        for clause in kids:
            if clause.dep_ == "xcomp" and any(c.dep_ == "aux" for c in clause.children):
                objects = [c for c in kids if c.dep_ in ("dobj",) and c.i < clause.i]
                return _join([subtree_range(clause), *(subtree_range(o) for o in objects)]), 0
    xcomps = [c for c in kids if c.dep_ == "xcomp" and c.i > tok.i]
    if xcomps and lemma not in cues.clause_only:  # "said having Trump at the top … puts", "suggested boycotting Apple"
        return subtree_range(xcomps[0]), 0
    if lemma in cues.clause_only:
        return None, 0
    objects = [c for c in kids if c.dep_ == "dobj"]
    if objects and (lemma in cues.object_verbs or objects[0].pos_ != "PRON"):
        return _join([subtree_range(objects[0]), *_object_complements(objects[0], kids)]), 0
    for prep in kids:  # "warned about the risk", "commented on the talks"
        if prep.dep_ == "prep" and prep.lower_ in cues.topic_prepositions:
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return subtree_range(prep), 0
    return None, 0


def _object_complements(obj: Any, kids: list[Any]) -> list[Range | None]:
    """What a cue verb says of its object, right after it: "called Trump “disqualifying”",
    "accused him of lying", "blamed Bush for the crisis", "described it as a threat"."""
    out = []
    for kid in kids:
        if kid.i <= obj.i:
            continue
        if kid.dep_ in ("oprd", "xcomp", "ccomp") or kid.dep_ == "prep" and kid.lower_ in OBJECT_PREPS:
            out.append(subtree_range(kid))
    return out


def _follows_its_content(tok: Any, kids: list[Any]) -> bool:
    """A cue verb after the clause it reports, which the parser made its head ("X is Y, he
    said"; "Clinton thinks …, Bill Clinton said this week"): the verb has its own subject and
    no complement of its own."""
    if tok.dep_ not in ("parataxis", "ccomp") or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ == "parataxis":
        return True
    return tok.head.i < tok.i and not any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in kids)


def _as_clause(tok: Any, kids: list[Any]) -> bool:
    """"As the Post reported, Sanders would need …": the clause an as-clause modifies is its
    content."""
    return (
        tok.dep_ == "advcl"
        and tok.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in kids)
        and not any(c.dep_ in ("dobj", "xcomp") for c in kids)
    )


def _adjective(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """Copula + adjective + clause: "Mujahid was confident it had entered the valley"."""
    if tok.lemma_.lower() not in cues.adjectives or tok.dep_ != "acomp":
        return None
    if tok.head.lemma_.lower() not in cues.copulas:
        return None  # "make sure that …" is no one's belief
    copula = tok.head
    source = _source_range(subject_of(copula))
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
    named = any(t.ent_type_ in SPEAKER_ENTITIES for t in head)
    if not named and not (len(head) == 1 and head[0].text[:1].isupper()):
        return None  # a speaker's name ("Editor's note:", "The Latest:" are not); the tagger
        # mistakes a lone surname for an adjective at times, so one capitalised word counts
    if tok.i + 1 >= len(tok.doc):
        return None
    rest = tok.doc[tok.i + 1 : tok.doc[tok.i + 1].sent.end]  # the parser may end the sentence at ":"
    source, content = char_range(head), char_range(rest)
    if source is None or content is None or len(rest) < 3 or "\n" in _text(tok.doc)[tok.idx : content[0]]:
        return None
    return Attribution((tok.idx, tok.idx + 1), (content,), source, False, ":", "colon", tok.i)


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


# --- quotes ------------------------------------------------------------------------------


#: A quote this many characters away from a cue is never next to it (a quick pre-filter
#: before counting tokens: MAX_QUOTE_GAP tokens of news prose take well under 200 characters).
MAX_GAP_CHARS = 300

#: Most tokens between a quote and its cue ("…,” the Taliban's chief spokesman in Kabul
#: said"): longer gaps were, on the PolNeAR train split, mostly another clause's quote.
MAX_QUOTE_GAP = 12


def _quotes_of(tok: Any, subjects: list[Any], quotes: list[Quote]) -> tuple[Range, ...]:
    """Direct quotes next to a cue verb that is not itself quoted: the one before it
    ("…,” he said), the one after it (said: “…”), or both ("“A,” he said, “B.”")."""
    allowed = {t.i for s in subjects for t in s.subtree} | {tok.i}
    allowed |= {t.i for c in tok.children if c.dep_ in GAP_DEPS for t in c.subtree}
    doc = tok.doc
    before = after = None
    text = _text(doc)
    for quote in quotes:
        if quote.end < tok.idx - MAX_GAP_CHARS or quote.start > tok.idx + MAX_GAP_CHARS:
            continue
        gap = _gap(tok, quote)
        if gap is None or len(gap) > MAX_QUOTE_GAP or _crosses_paragraph(text, quote, tok):
            continue
        if any(t.text in (".", "?", "!", ";") for t in gap):
            continue
        if all(t.i in allowed or t.is_punct or t.is_space for t in gap):
            if quote.end <= tok.idx:
                before = quote
            elif after is None:
                after = quote
    if before is not None and after is not None and not _ends_sentence(text, before):
        return (*before.parts, *after.parts)
    if before is not None:
        return before.parts
    return after.parts if after is not None else ()


def _ends_sentence(text: str, quote: Quote) -> bool:
    """Whether a quote closes its sentence ("…end.”"), so that a following quote is new."""
    inner = text[quote.start : quote.end].rstrip("”\"' ")
    return inner[-1:] in {".", "?", "!"}


def _text(doc: Any) -> str:
    """The Doc's text, cached (spaCy rebuilds `doc.text` from the tokens on every access)."""
    cached = doc.user_data.get("contested_text")
    if cached is None:
        cached = doc.user_data["contested_text"] = doc.text
    return cached


def _gap(tok: Any, quote: Quote) -> list[Any] | None:
    """Tokens between a quote and a cue (None when the quote contains the cue). Walks at most
    MAX_QUOTE_GAP + 1 tokens from the cue, so long articles stay linear."""
    doc = tok.doc
    if quote.end <= tok.idx:
        j = tok.i
        while j > 0 and doc[j - 1].idx >= quote.end and tok.i - j <= MAX_QUOTE_GAP:
            j -= 1
        return list(doc[j : tok.i])
    if quote.start >= tok.idx + len(tok.text):
        j = tok.i + 1
        while j < len(doc) and doc[j].idx < quote.start and j - tok.i <= MAX_QUOTE_GAP + 1:
            j += 1
        return list(doc[tok.i + 1 : j])
    return None


def _crosses_paragraph(text: str, quote: Quote, tok: Any) -> bool:
    lo, hi = sorted((quote.end if quote.end <= tok.idx else quote.start, tok.idx))
    return "\n" in text[lo:hi]


def _quote_containing(content: Range, quotes: list[Quote]) -> Quote | None:
    """The quote a content span lies in (so that a quote split by the parser is kept whole)."""
    for quote in quotes:
        if quote.start <= content[0] and content[1] <= quote.end:
            return quote
    return None


def _continue_quotes(atts: list[Attribution], quotes: list[Quote], text: str) -> list[Attribution]:
    """Attach a quote that follows a quoted attribution in the same paragraph, with no cue of
    its own, as a further fragment of that content ("“A,” Flynn said. “B.”")."""
    used = {part for a in atts for part in a.content}
    covered = [a.content_span for a in atts]
    out = list(atts)
    for quote in quotes:
        if quote.parts[0] in used or any(s <= quote.start < e for s, e in covered):
            continue
        para = next((p for p in paragraphs(text) if p[0] <= quote.start < p[1]), None)
        before = [
            (k, a)
            for k, a in enumerate(out)
            if a.quote and para and para[0] <= a.cue[0] < quote.start and a.content_span[1] <= quote.start
        ]
        if before:
            k, prev = before[-1]
            out[k] = replace(prev, content=(*prev.content, *quote.parts))
    return out


def _join(ranges: Iterable[Range | None]) -> Range | None:
    present = [r for r in ranges if r is not None]
    if not present:
        return None
    return (min(r[0] for r in present), max(r[1] for r in present))
