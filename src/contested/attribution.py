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

from typing import Any

from contested import attribution_nominal
from contested.attribution_layers import (
    close_quotes,
    continue_quotes,
    drop_nested_cognitive,
    split_coordinated,
    top_level,
    within_paragraph,
)
from contested.attribution_sources import MAX_QUOTE_GAP, source_range, subject_of
from contested.attribution_spans import (
    Attribution,
    Range,
    char_range,
    doc_text,
    join_ranges,
    subtree_range,
)
from contested.cue_lexicon import Cues, load_cues
from contested.quotes import Quote, find_quotes, is_speech

__all__ = ["Attribution", "Cues", "find_attributions", "load_cues", "top_level"]

#: Prepositions after a cue verb's object that say what the source holds of it ("accused him
#: of", "blamed them for", "described it as").
OBJECT_PREPS = frozenset({"of", "for", "as"})
#: Tokens allowed between a quote and its cue verb besides the subject: "…,” he said",
#: "…,” said Warren", "…,” he told reporters".
GAP_DEPS = frozenset({"punct", "aux", "neg", "advmod", "npadvmod", "dative", "dobj", "prep"})
#: Words that are a whole answer after a cue verb ("said yes", "said no to the war", "says so").
ANSWER_WORDS = frozenset({"yes", "no", "so"})
#: Dependents of a cue verb that PolNeAR's cue spans include when they come right before it.
CUE_PREFIX_DEPS = frozenset({"aux", "neg", "advmod"})


def find_attributions(doc: Any, cues: Cues | None = None) -> list[Attribution]:
    """All attributions in a spaCy `Doc`, ordered by cue position."""
    cues = cues or load_cues()
    text = doc_text(doc)
    quotes = [q for q in find_quotes(text) if is_speech(q, text)]
    found: dict[Range, Attribution] = {}
    triggers = cues.triggers
    spans = [(q.start, q.end) for q in quotes]
    for tok in doc:
        if tok.lemma_.lower() not in triggers and tok.lower_ not in triggers:
            continue
        if any(s <= tok.idx < e for s, e in spans):
            continue  # words inside a direct quote are the quoted speaker's, not attributions
        for rule in RULES:
            att = rule(tok, cues, quotes)
            if att is not None and att.cue not in found:
                found[att.cue] = att
                break
    ordered = drop_nested_cognitive(sorted(found.values(), key=lambda a: a.cue), cues, quotes)
    ordered = split_coordinated(ordered, doc)
    clipped = [within_paragraph(close_quotes(a, text), text) for a in ordered]
    return continue_quotes([a for a in clipped if a is not None], quotes, text)


def _verb(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """A reporting verb with a subject and a content complement (or an adjacent quote)."""
    lemma = tok.lemma_.lower()
    lemma = cues.lemma_fixes.get(lemma, lemma)
    if lemma not in cues.verbs or tok.dep_ in ("amod", "compound") or not _verbal(tok):
        return None
    if _that_said(tok):
        return None
    passive = _passive(tok, lemma, cues)
    if passive is not None:
        return passive
    subjects = subject_of(tok)
    if any(s.dep_ == "expl" for s in subjects):
        return None
    source = source_range(subjects)
    if source is None:
        return None
    cue = (_cue_start(tok), _cue_end(tok, cues))
    kids = list(tok.children)
    parts = _quotes_of(tok, subjects, quotes, lemma in cues.object_verbs)
    if parts:
        return Attribution(cue, parts, source, True, lemma, "verb-quote", tok.i)
    if lemma in cues.clause_verbs and (_follows_its_content(tok, kids) or _as_clause(tok, kids)):
        fragments = _around(tok)
        if fragments:
            return Attribution(cue, fragments, source, False, lemma, "verb", tok.i)
    content, cue_end = _complement(tok, lemma, cues)
    if content is None and lemma in cues.raising:
        content = _predicate(tok)
    if content is None:
        return None
    inside = _quote_containing(content, quotes)
    if inside is not None:
        return Attribution(cue, inside.parts, source, True, lemma, "verb-quote", tok.i)
    cue = (cue[0], max(cue[1], cue_end))
    if lemma in cues.raising:  # "the idea seems to sit behind …": the writer's impression,
        return Attribution(cue, (source, content), None, False, lemma, "verb", tok.i)  # no source
    return Attribution(cue, (content,), source, False, lemma, "verb", tok.i)


def _that_said(tok: Any) -> bool:
    """The connective "That said, …" ("however"), which reports nothing."""
    doc, start = tok.doc, tok.sent.start
    return (
        tok.i == start + 1
        and tok.lower_ == "said"
        and doc[start].lower_ in ("that", "this")
        and tok.i + 1 < len(doc)
        and doc[tok.i + 1].text == ","
    )


def _predicate(tok: Any) -> Range | None:
    """What a raising verb says its subject is like: "seemed irritated", "seems like a fine
    idea"."""
    for child in tok.children:
        if child.i > tok.i and (child.dep_ in ("acomp", "attr", "oprd") or child.lower_ == "like"):
            return subtree_range(child)
    return None


def _phrasal(tok: Any, cues: Cues, quotes: list[Quote]) -> Attribution | None:
    """A phrasal verb that is a cue only with its particle or object noun ("lashed out at the
    press", "played down the risk", "made no mention of the deal"): the content is the object
    of the last particle (or of the noun's preposition), or the verb's object."""
    lemma = tok.lemma_.lower()
    particles = cues.phrasal_verbs.get(lemma)
    if particles is None or tok.pos_ != "VERB":
        return None
    kids = [c for c in tok.children if c.i > tok.i]
    found = [c for c in kids if c.dep_ in ("prt", "prep") and c.lower_ in particles]
    nouns = [c for c in kids if c.dep_ == "dobj" and c.lemma_.lower() in particles]
    if not found and not nouns:
        return None
    source = source_range(subject_of(tok))
    last = max(found + nouns, key=lambda t: t.i)
    objects = [c for c in last.children if c.dep_ in ("pobj", "pcomp", "acl")]
    objects += [
        p for c in last.children if c.dep_ == "prep" for p in c.children if p.dep_ in ("pobj", "pcomp")
    ]
    direct = [c for c in kids if c.dep_ == "dobj" and c not in nouns]
    content = subtree_range(objects[0]) if objects else None
    if direct and (content is None or direct[0].i < last.i):  # "cast himself as the outsider"
        content = join_ranges([subtree_range(direct[0]), content])
    if source is None or content is None:
        return None
    cue = (_cue_start(tok), last.idx + len(last.text))
    return Attribution(cue, (content,), source, False, lemma, "phrasal", tok.i)


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
    topic = _passive_topic(tok, lemma, cues)
    end = tok.idx + len(tok.text)
    if clauses:
        content = tuple(r for r in (subject, subtree_range(clauses[0])) if r is not None)
    elif topic is not None:  # "was asked about the speeches", "was viewed as payback"
        prep, obj = topic
        content = tuple(r for r in (subject, subtree_range(obj)) if r is not None)
        end = prep.idx + len(prep.text)
    elif lemma in cues.object_verbs and subject is not None:
        content = (subject,)
    else:
        return None
    first = min([c.i for c in kids if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i] + [tok.i])
    cue = (tok.doc[first].idx, end)
    return Attribution(cue, content, source, False, lemma, "passive", tok.i)


def _passive_topic(tok: Any, lemma: str, cues: Cues) -> tuple[Any, Any] | None:
    """The preposition and object that carry a passive cue's content: the verb's particle
    ("asked about") or "as" ("viewed as", "described as")."""
    preps = cues.particle_verbs.get(lemma, frozenset()) | {"as"}
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.i > tok.i and prep.lower_ in preps:
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return prep, objects[0]
    return None


def _complement(tok: Any, lemma: str, cues: Cues) -> tuple[Range | None, int]:
    """The content a cue verb governs, and where the cue ends (after a particle)."""
    kids = list(tok.children)
    clauses = [c for c in kids if c.dep_ == "ccomp"]
    if clauses:  # "questioned whether …", "decided that …"
        return join_ranges(subtree_range(c) for c in clauses), 0
    answers = [c for c in kids if c.i == tok.i + 1 and c.lower_ in ANSWER_WORDS]
    if answers and lemma in cues.clause_verbs:  # "46 percent said yes", "says so"
        after = [c for c in kids if c.dep_ == "prep" and c.lower_ == "to" and c.i == answers[0].i + 1]
        return join_ranges([subtree_range(answers[0]), *(subtree_range(a) for a in after)]), 0
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
                return join_ranges([subtree_range(clause), *(subtree_range(o) for o in objects)]), 0
    xcomps = [c for c in kids if c.dep_ == "xcomp" and c.i > tok.i]
    if xcomps and lemma not in cues.clause_only:  # "suggested boycotting Apple"
        return subtree_range(xcomps[0]), 0
    if lemma in cues.clause_only:
        return None, 0
    objects = [c for c in kids if c.dep_ == "dobj"]
    if objects and (lemma in cues.object_verbs or objects[0].pos_ != "PRON"):
        return join_ranges([subtree_range(objects[0]), *_object_complements(objects[0], kids)]), 0
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
    no complement of its own. A clause that a complementizer opens ("told X that its forces
    had responded") or that no punctuation sets off is its head's content, not a tag on it."""
    if tok.dep_ not in ("parataxis", "ccomp") or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ == "parataxis":
        return True
    edge = tok.left_edge.i
    set_off = edge > tok.sent.start and tok.doc[edge - 1].is_punct
    return (
        tok.head.i < tok.i
        and set_off
        and not any(c.dep_ in ("dobj", "xcomp", "ccomp", "mark") for c in kids)
    )


def _as_clause(tok: Any, kids: list[Any]) -> bool:
    """"As the Post reported, Sanders would need …": the clause an as-clause modifies is its
    content."""
    return (
        tok.dep_ == "advcl"
        and tok.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in kids)
        and not any(c.dep_ in ("dobj", "xcomp") for c in kids)
    )


#: A quote this many characters away from a cue is never next to it (a quick pre-filter
#: before counting tokens: MAX_QUOTE_GAP tokens of news prose take well under 200 characters).
MAX_GAP_CHARS = 300
#: Most tokens between a quote and its cue when they are all the speaker's phrase ("“…,”
#: Trump, the GOP front-runner nationally and polling leader in South Carolina …, said").
MAX_SUBJECT_GAP = 40


def _quotes_of(
    tok: Any, subjects: list[Any], quotes: list[Quote], object_said: bool = False
) -> tuple[Range, ...]:
    """Direct quotes next to a cue verb that is not itself quoted: the one before it
    ("…,” he said), the one after it (said: “…”), or both ("“A,” he said, “B.”"). With
    `object_said` (a verb whose object is what it is about: "called", "described"), a quote
    after the object takes the object in."""
    subject = {t.i for s in subjects for t in s.subtree}
    allowed = subject | {tok.i}
    allowed |= {t.i for c in tok.children if c.dep_ in GAP_DEPS for t in c.subtree}
    doc = tok.doc
    before = after = None
    text = doc_text(doc)
    for quote in quotes:
        if quote.end < tok.idx - MAX_GAP_CHARS or quote.start > tok.idx + MAX_GAP_CHARS:
            continue
        gap = _gap(tok, quote)
        if gap is None or len(gap) > MAX_SUBJECT_GAP or _crosses_paragraph(text, quote, tok):
            continue
        if any(t.text in (".", "?", "!", ";") for t in gap):
            continue
        if len(gap) > MAX_QUOTE_GAP and not all(t.i in subject or t.is_punct for t in gap):
            continue  # a long gap is allowed only when it is the speaker's own phrase
        if all(t.i in allowed or t.is_punct or t.is_space for t in gap):
            if quote.end <= tok.idx:
                before = quote if not _quote_of_another(tok, quote, text) else before
            elif after is None:
                after = quote
    if before is not None and after is not None and not _ends_sentence(text, before):
        return (*before.parts, *after.parts)
    if before is not None:
        return before.parts
    if after is None:
        return ()
    return _with_object(tok, after.parts) if object_said else after.parts


def _quote_of_another(tok: Any, quote: Quote, text: str) -> bool:
    """A full-sentence quote before a cue verb that says something else ("“…us.” Sharpton
    later clarified that …"): the quote belongs to an earlier speaker."""
    own = any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > tok.i for c in tok.children)
    return own and _ends_sentence(text, quote) and quote.end <= tok.sent.start_char


def _with_object(tok: Any, parts: tuple[Range, ...]) -> tuple[Range, ...]:
    """A quote after a cue verb's object is said of that object: "calling Rubio's credit
    “a gimmick”" has the content "Rubio's credit “a gimmick”"."""
    objects = [c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i]
    if not objects or objects[0].idx >= parts[0][0]:
        return parts
    return ((objects[0].left_edge.idx, parts[0][1]), *parts[1:])


def _ends_sentence(text: str, quote: Quote) -> bool:
    """Whether a quote closes its sentence ("…end.”"), so that a following quote is new."""
    inner = text[quote.start : quote.end].rstrip("”\"' ")
    return inner[-1:] in {".", "?", "!"}


def _gap(tok: Any, quote: Quote) -> list[Any] | None:
    """Tokens between a quote and a cue (None when the quote contains the cue). Walks at most
    MAX_SUBJECT_GAP + 1 tokens from the cue, so long articles stay linear."""
    doc = tok.doc
    if quote.end <= tok.idx:
        j = tok.i
        while j > 0 and doc[j - 1].idx >= quote.end and tok.i - j <= MAX_SUBJECT_GAP:
            j -= 1
        return list(doc[j : tok.i])
    if quote.start >= tok.idx + len(tok.text):
        j = tok.i + 1
        while j < len(doc) and doc[j].idx < quote.start and j - tok.i <= MAX_SUBJECT_GAP + 1:
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


#: The rules tried on each token, in order; the first that finds an attribution wins.
RULES = (_verb, _phrasal, *attribution_nominal.RULES)
