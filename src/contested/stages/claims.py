"""claims stage: who claims what, through which outlets, about which casualties and events.

Attributions (contested.attribution) become claims with a resolved speaker (contested.speakers),
a kind (contested.claim_kinds) and an outlet chain. The outlet chain follows these rules:

1. An attribution whose source is an outlet and whose content holds another attribution's
   cue ("According to Reuters, Mujahid was confident …", "…, he declared, according to DAWN")
   is a link, not a claim: the inner claim gets the outlet. "X, citing Y, said …" makes Y the
   speaker and X the outlet.
2. Outlets named in the claim's sentence outside its content ("told Foreign Policy", "in an
   interview with Foreign Policy magazine") are links too.
3. A claim with no outlet of its own keeps the outlets of the claim just before it when both
   have the same speaker (the later one usually names them with "he" or "Massoud added") and
   it lies in the same or the next paragraph: the article is still reporting the same
   interview or wire story. A new outlet, a new speaker or a paragraph without claims ends it.
4. The article's own outlet (`document.article.outlet`) is the last link of every chain.
An outlet alone can be the source ("Reuters said …", "NPR reported that …"): the claim's
speaker is then the outlet, with no side.
"""

from __future__ import annotations

from dataclasses import dataclass

from contested.actor_dictionary import load_dictionary
from contested.attribution import Attribution, find_attributions, top_level
from contested.claim_kinds import classify, says_unverified
from contested.model import Casualty, Claim, ClaimSpans, Document, Offsets, Span
from contested.outlets import OutletMention, find_outlets
from contested.pipeline import Stage
from contested.quotes import paragraphs
from contested.speakers import Said, Speaker, resolve
from contested.stages.casualties import SLOTS

#: Actor kinds that make a speaker a party to the conflict (as opposed to an outside source).
PARTY_KINDS = frozenset({"state", "rebel", "militia", "political"})

#: Cue lemmas by which an outlet names the source it relies on ("WION, citing a Taliban
#: official, said …").
CITING = frozenset({"cite", "quote", "citing", "quoting"})


@dataclass
class Draft:
    """A claim being assembled: its attribution, speaker and outlet links."""

    att: Attribution
    speaker: Speaker
    outlets: list[str]
    source: tuple[int, int] | None


def attribute(document: Document) -> list[Attribution]:
    """The attribution layer of this stage (what `contested eval attribution` scores): the
    attributions not nested in another's content, as PolNeAR annotates them. The claims
    themselves are built from all attributions (`find_attributions`), nested ones included,
    because an outlet's report of what a party said is a link to that party's claim."""
    return top_level(find_attributions(document.spacy))


def run(document: Document) -> Document:
    """Fill `claims`, and link casualties and events to the claims that report them."""
    if document._spacy is None:
        return document
    atts = find_attributions(document.spacy)
    outlets = find_outlets(document.text)
    drafts = _drafts(document, atts, outlets)
    cues = [a.cue[0] for a in atts]
    document.claims = [_claim(document, k, d, cues) for k, d in enumerate(drafts, start=1)]
    _link(document)
    return document


# --- outlet chains ---------------------------------------------------------------------


def _is_outlet(document: Document, span: tuple[int, int] | None, outlets: list[OutletMention]) -> str | None:
    return resolve(document, span, [], outlets).outlet if span else None


def _drafts(
    document: Document, atts: list[Attribution], outlets: list[OutletMention]
) -> list[Draft]:
    """Claims in text order with speakers resolved and outlet links collected."""
    links: list[tuple[str, Attribution]] = []
    cited: dict[tuple[int, int], tuple[int, int]] = {}  # outlet source span → cited source
    kept: list[Attribution] = []
    for att in atts:
        outlet = _is_outlet(document, att.source, outlets)
        if outlet and att.lemma in CITING and att.source:
            cited[att.source] = att.content_span
            continue
        if outlet and any(_inside(o.cue, att.content_span) for o in atts if o is not att):
            links.append((outlet, att))
            continue
        kept.append(att)
    history: list[Said] = []
    drafts: list[Draft] = []
    for att in kept:
        source = att.source
        via: list[str] = []
        if source in cited:
            via.append(resolve(document, source, [], outlets).outlet or "")
            source = cited[source]
        speaker = resolve(document, source, history, outlets)
        via += [name for name, link in links if _inside(att.cue, link.content_span)]
        via += _frame_outlets(document, att, atts, outlets)
        if speaker.outlet:
            via.insert(0, speaker.outlet)
        via = list(dict.fromkeys(v for v in via if v))
        if not via and drafts and _continues(document, drafts[-1], speaker, att):
            via = list(drafts[-1].outlets)
        drafts.append(Draft(att, speaker, via, source))
        history.append(Said(att.cue[0], speaker))
    for draft in drafts:
        if document.article.outlet and document.article.outlet not in draft.outlets:
            draft.outlets.append(document.article.outlet)
    return drafts


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _frame_outlets(
    document: Document, att: Attribution, atts: list[Attribution], outlets: list[OutletMention]
) -> list[str]:
    """Outlets in the claim's sentences outside its content and source, that are not the
    source of some other attribution ("he said in an interview with Foreign Policy")."""
    lo = min(att.cue[0], att.content_span[0], *(att.source or ()))
    hi = max(att.cue[1], att.content_span[1], *(att.source or ()))
    first, last = document.sentence_of(lo), document.sentence_of(max(lo, hi - 1))
    start = first.start if first else lo
    end = last.end if last else hi
    other_sources = [o.source for o in atts if o is not att and o.source]
    found = []
    for mention in outlets:
        if not (start <= mention.start and mention.end <= end):
            continue
        span = (mention.start, mention.end)
        if any(s <= span[0] < e for s, e in att.content):
            continue
        if att.source and _inside(span, att.source):
            continue
        if any(_inside(span, s) for s in other_sources):
            continue
        found.append(mention.name)
    return found


def _continues(document: Document, previous: Draft, speaker: Speaker, att: Attribution) -> bool:
    """Whether a claim continues the previous claim's report (rule 3 of the module doc)."""
    if not previous.outlets or previous.speaker.outlet or not speaker.same_as(previous.speaker):
        return False
    paras = paragraphs(document.text)
    here = _paragraph_index(paras, att.cue[0])
    there = _paragraph_index(paras, previous.att.cue[0])
    return 0 <= here - there <= 1


def _paragraph_index(paras: list[tuple[int, int]], offset: int) -> int:
    return next((k for k, (s, e) in enumerate(paras) if s <= offset < e), len(paras))


# --- claims ----------------------------------------------------------------------------


def _claim(document: Document, number: int, draft: Draft, cues: list[int]) -> Claim:
    att, speaker = draft.att, draft.speaker
    text = document.text
    content = " ".join(text[s:e] for s, e in att.content)
    lo = min(att.cue[0], att.content_span[0], *(draft.source or ()))
    hi = max(att.cue[1], att.content_span[1], *(draft.source or ()))
    sentence = document.sentence_of(lo)
    context = text[sentence.start if sentence else lo : att.cue[0]]
    return Claim(
        id=f"c{number}",
        speaker=speaker.name,
        speaker_role=speaker.role,
        side=speaker.side,
        party=_party(document, speaker),
        outlets=draft.outlets,
        cue=text[att.cue[0] : att.cue[1]],
        quote=att.quote,
        text=content,
        kind=classify(content, att.lemma, context),
        unverified=says_unverified(_window(document, lo, hi, cues)),
        spans=ClaimSpans(
            source=Offsets(start=att.source[0], end=att.source[1]) if att.source else None,
            cue=Offsets(start=att.cue[0], end=att.cue[1]),
            content=Offsets(start=att.content_span[0], end=att.content_span[1]),
            content_parts=[Offsets(start=s, end=e) for s, e in att.content],
        ),
        evidence=[_sentences(document, lo, hi)],
    )


def _party(document: Document, speaker: Speaker) -> bool | None:
    """True for a party to the conflict, False for an outlet or outside actor, else None."""
    if speaker.outlet:
        return False
    if speaker.side is None:
        return None
    kinds = {a.name: a.kind for a in document.actors}
    return kinds.get(speaker.side, "rebel") in PARTY_KINDS


def _sentences(document: Document, lo: int, hi: int) -> Span:
    """The sentences a claim spans (without the blank lines spaCy leaves at their end)."""
    first, last = document.sentence_of(lo), document.sentence_of(max(lo, hi - 1))
    start, end = first.start if first else lo, last.end if last else hi
    end -= len(document.text[start:end]) - len(document.text[start:end].rstrip())
    return document.span(start, max(end, hi))


def _window(document: Document, lo: int, hi: int, cues: list[int]) -> str:
    """The claim's sentences, plus the next sentence of the same paragraph when that one
    attributes nothing itself ("The figures could not be independently verified.")."""
    span = _sentences(document, lo, hi)
    nxt = document.sentence_of(span.end + 1)
    same_paragraph = nxt is not None and "\n\n" not in document.text[span.end : nxt.start + 1]
    if nxt is None or not same_paragraph or any(nxt.start <= cue < nxt.end for cue in cues):
        return span.text
    return document.text[span.start : nxt.end]


# --- links to casualties and events ----------------------------------------------------


def _link(document: Document) -> None:
    """Casualties take the innermost claim whose content holds their evidence; events list
    the claims whose content overlaps their evidence."""
    claims = sorted(
        document.claims,
        key=lambda c: c.spans.content.end - c.spans.content.start if c.spans.content else 0,
    )
    for k, casualty in enumerate(document.casualties):
        starts = [ev.start for ev in casualty.evidence]
        claim = next((c for c in claims if _holds(c, starts)), None)
        if claim is None:
            continue
        casualty.claim = claim.id
        casualty.claimed_by = claim.side or claim.speaker or casualty.claimed_by
        if casualty.victim_side is None:
            casualty.victim_side = _enemy_side(document, document._victims.get(k), claim.side)
        if claim.outlets:
            casualty.outlets = list(claim.outlets)
    document.casualties = _merged(document.casualties)
    for event in document.events:
        ids = [c.id for c in document.claims if _overlaps_event(c, event.evidence)]
        event.claims = list(dict.fromkeys([*event.claims, *ids]))


def _merged(casualties: list[Casualty]) -> list[Casualty]:
    """One record per claim and victim side: "killed 34 enemy fighters and wounded 12
    Taliban" is grouped in two before "enemy" is resolved; the two become one when their
    figures fill different slots (killed / injured / captured) and all else agrees."""
    kept: list[Casualty] = []
    for casualty in casualties:
        into = next((k for k in kept if casualty.claim and _mergeable(k, casualty)), None)
        if into is None:
            kept.append(casualty)
            continue
        for slot in SLOTS:
            if getattr(casualty, slot) is not None:
                setattr(into, slot, getattr(casualty, slot))
        into.evidence.extend(casualty.evidence)
    return kept


def _mergeable(a: Casualty, b: Casualty) -> bool:
    same = ("victim_side", "claim", "claimed_by", "cumulative", "event", "date")
    return (
        a.victim_side is not None
        and all(getattr(a, f) == getattr(b, f) for f in same)
        and not any(getattr(a, s) is not None and getattr(b, s) is not None for s in SLOTS)
    )


def _enemy_side(
    document: Document, victims: tuple[int, int] | None, claimant: str | None
) -> str | None:
    """The side that "enemy fighters" or "the enemy" names in a party's figure: the one
    opponent of the claimant (data/actors.yaml `opponents`) that the article mentions. None
    when the figure names no opponent noun, the claimant is not a known party, or several of
    its opponents are in the article (then who is meant stays unknown)."""
    if victims is None or claimant is None:
        return None
    lex = load_dictionary()
    entry = lex.actors.get(claimant)
    if entry is None or not entry.opponents:
        return None
    words = document.text[victims[0] : victims[1]]
    if not any(n.relation == "opponent" and n.regex.search(words) for n in lex.role_nouns):
        return None
    mentioned = {m.actor for m in document.actor_mentions}
    candidates = [name for name in entry.opponents if name in mentioned]
    return candidates[0] if len(candidates) == 1 else None


def _holds(claim: Claim, starts: list[int]) -> bool:
    parts = claim.spans.content_parts or ([claim.spans.content] if claim.spans.content else [])
    return bool(starts) and all(any(p.start <= s < p.end for p in parts) for s in starts)


def _overlaps_event(claim: Claim, evidence: list[Span]) -> bool:
    parts = claim.spans.content_parts
    return any(p.start < ev.end and ev.start < p.end for p in parts for ev in evidence)


STAGE = Stage(
    name="claims",
    run=run,
    reads=frozenset({"actors", "actor_mentions", "people", "casualties"}),
    writes=frozenset({"claims", "casualties", "events"}),
)
