"""Passes over the attributions of a whole article, after the per-token rules.

They settle how attributions relate to each other and to the text: a coordinated cue ends the
content before it, contents stop at line breaks and take in closing quote marks, thinking
verbs inside someone's words are dropped, a quote after a quoted attribution continues it,
and `top_level` keeps the outermost layer (what PolNeAR annotates).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from contested.attribution_sources import SUBJECT_DEPS
from contested.attribution_spans import Attribution, Range, char_range
from contested.cue_lexicon import Cues
from contested.quotes import Quote, paragraphs

#: Punctuation and a closing quote mark right after a content span.
_CLOSING_TAIL = re.compile(r"[.,!?]?[”\"]")


def split_coordinated(atts: list[Attribution], doc: Any) -> list[Attribution]:
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


def close_quotes(att: Attribution, text: str) -> Attribution:
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


def within_paragraph(att: Attribution, text: str) -> Attribution | None:
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


def drop_nested_cognitive(
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


def continue_quotes(atts: list[Attribution], quotes: list[Quote], text: str) -> list[Attribution]:
    """Attach a quote that follows a quoted attribution in the same paragraph, with no cue of
    its own, as a further fragment of that content ("“A,” Flynn said. “B.”"); so too a
    paragraph that is only a quote, after the paragraph of a quoted attribution."""
    used = {part for a in atts for part in a.content}
    covered = [a.content_span for a in atts]
    paras = paragraphs(text)
    out = list(atts)
    for quote in quotes:
        if quote.parts[0] in used or any(s <= quote.start < e for s, e in covered):
            continue
        n = next((n for n, p in enumerate(paras) if p[0] <= quote.start < p[1]), None)
        if n is None:
            continue
        start = paras[n][0]
        if n > 0 and _bare_quote(paras[n], quote, atts, text):
            start = paras[n - 1][0]  # a paragraph that is only a quote goes on the one before
        before = [
            (k, a)
            for k, a in enumerate(out)
            if a.quote and start <= a.cue[0] < quote.start and a.content_span[1] <= quote.start
        ]
        if before:
            k, prev = before[-1]
            out[k] = replace(prev, content=(*prev.content, *quote.parts))
    return out


def _bare_quote(para: Range, quote: Quote, atts: list[Attribution], text: str) -> bool:
    """Whether a paragraph opens with `quote` and holds no cue: the speaker of the paragraph
    before goes on talking."""
    opens = text[para[0] : quote.start].strip() == ""
    return opens and not any(para[0] <= a.cue[0] < para[1] for a in atts)
