"""`contested eval attribution DIR`: score attribution spans against PolNeAR brat files.

DIR holds `attributions/*.ann` (brat standoff: `T` lines with Source / Cue / Content spans,
`E` lines linking them as an Attribution) and `text/*.txt`. An article annotated by several
people (`<name>_<annotator>.ann`) is scored against one of them, the first by annotator id,
so that every article weighs the same.

Scores (per span type, micro-averaged over the folder):
- exact: a predicted span counts when its fragments equal a gold span's fragments;
- overlap: when it shares at least one character with a gold span not yet matched;
- triple: an attribution counts when its cue, content and source (or the absence of a
  source on both sides) all match one gold attribution.
The spans scored are those of the claims stage's attribution layer, before outlet links
are folded into claim chains (PolNeAR annotates "According to Reuters" as an attribution).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import typer

from contested.errors import InputError
from contested.eval import f1

Fragments = tuple[tuple[int, int], ...]
SPAN_TYPES = ("source", "cue", "content")

_T_LINE = re.compile(r"^(T\d+)\t(\w[\w-]*) ([\d ;]+)\t?", re.MULTILINE)
_E_LINE = re.compile(r"^(E\d+)\t(\S+) ?(.*)$", re.MULTILINE)
_ANNOTATOR = re.compile(r"_([0-9a-f]{4})\.ann$")


@dataclass(frozen=True)
class Triple:
    """One attribution as fragments per role; `source` is None for source-less attributions."""

    cue: Fragments
    content: Fragments
    source: Fragments | None = None

    def part(self, role: str) -> Fragments | None:
        return getattr(self, role)


@dataclass
class Counts:
    """True positives against predicted and gold totals, with P/R/F1."""

    tp_pred: int = 0
    tp_gold: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp_pred += other.tp_pred
        self.tp_gold += other.tp_gold
        self.pred += other.pred
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass
class AttributionScores:
    """Scores keyed by (span type, matching): ("source", "overlap"), ("triple", "exact"), …"""

    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)
    documents: int = 0

    def add(self, other: AttributionScores) -> None:
        self.documents += other.documents
        for key, value in other.counts.items():
            self.counts.setdefault(key, Counts()).add(value)

    def f1(self, role: str, matching: str = "overlap") -> float:
        return self.counts[(role, matching)].f1

    def rows(self) -> list[tuple[str, str, float, float, float]]:
        """(role, matching, P, R, F1) rows in a stable order."""
        out = []
        for role in (*SPAN_TYPES, "triple"):
            for matching in ("exact", "overlap"):
                c = self.counts.get((role, matching), Counts())
                out.append((role, matching, c.precision, c.recall, c.f1))
        return out


# --- reading brat ------------------------------------------------------------------------


def read_ann(ann: str) -> list[Triple]:
    """Attributions of one brat file (Attribution and Attribution-no-source events)."""
    spans: dict[str, Fragments] = {}
    for match in _T_LINE.finditer(ann):
        frags = tuple(
            (int(a), int(b)) for a, b in (f.split() for f in match.group(3).strip().split(";"))
        )
        spans[match.group(1)] = frags
    triples = []
    for match in _E_LINE.finditer(ann):
        if not match.group(2).startswith("Attribution"):
            continue
        args = dict(arg.split(":", 1) for arg in match.group(3).split() if ":" in arg)
        cue, content = spans.get(args.get("Cue", "")), spans.get(args.get("Content", ""))
        if cue is None or content is None:
            continue
        source = spans.get(args.get("Source", ""))
        triples.append(Triple(cue=cue, content=content, source=source))
    return triples


def _read(path: Path) -> str:
    """A PolNeAR text or annotation file; one clear error when it is not UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text (byte {exc.start})") from exc


def gold_files(folder: Path) -> list[tuple[Path, Path]]:
    """(text, ann) pairs of a PolNeAR split folder, one annotator per article."""
    ann_dir, text_dir = folder / "attributions", folder / "text"
    if not ann_dir.is_dir() or not text_dir.is_dir():
        raise InputError(f"{folder} has no attributions/ and text/ folders (PolNeAR layout)")
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        base = _ANNOTATOR.sub("", ann.name).removesuffix(".ann")
        chosen.setdefault(base, ann)
    pairs = [(text_dir / f"{base}.txt", ann) for base, ann in sorted(chosen.items())]
    missing = [str(t) for t, _ in pairs if not t.exists()]
    if missing:
        raise InputError(f"text missing for {len(missing)} annotation files, e.g. {missing[0]}")
    return pairs


# --- scoring -----------------------------------------------------------------------------


def _normalise(frags: Fragments, text: str) -> Fragments:
    """Fragments without leading/trailing whitespace (annotators differ on spaces only)."""
    out = []
    for start, end in frags:
        piece = text[start:end]
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        if end > start:
            out.append((start, end))
    return tuple(sorted(out))


def _overlaps(a: Fragments, b: Fragments) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _match(pred: Sequence[Fragments], gold: Sequence[Fragments], exact: bool) -> Counts:
    """One-to-one greedy matching of predicted to gold spans."""
    used: set[int] = set()
    tp = 0
    for p in pred:
        for k, g in enumerate(gold):
            if k not in used and (p == g if exact else _overlaps(p, g)):
                used.add(k)
                tp += 1
                break
    return Counts(tp_pred=tp, tp_gold=tp, pred=len(pred), gold=len(gold))


def _triple_match(pred: Triple, gold: Triple, exact: bool) -> bool:
    def same(a: Fragments | None, b: Fragments | None) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return a == b if exact else _overlaps(a, b)

    return all(same(pred.part(r), gold.part(r)) for r in SPAN_TYPES)


def score_document(pred: Iterable[Triple], gold: Iterable[Triple], text: str) -> AttributionScores:
    """Scores of one article's predicted attributions against its gold attributions."""

    def norm(t: Triple) -> Triple:
        src = _normalise(t.source, text) if t.source else None
        return Triple(_normalise(t.cue, text), _normalise(t.content, text), src or None)

    preds, golds = [norm(t) for t in pred], [norm(t) for t in gold]
    scores = AttributionScores(documents=1)
    for role in SPAN_TYPES:
        p = list(dict.fromkeys(x for t in preds if (x := t.part(role))))
        g = list(dict.fromkeys(x for t in golds if (x := t.part(role))))
        for matching in ("exact", "overlap"):
            scores.counts[(role, matching)] = _match(p, g, matching == "exact")
    for matching in ("exact", "overlap"):
        used: set[int] = set()
        tp = 0
        for p_t in preds:
            for k, g_t in enumerate(golds):
                if k not in used and _triple_match(p_t, g_t, matching == "exact"):
                    used.add(k)
                    tp += 1
                    break
        scores.counts[("triple", matching)] = Counts(tp, tp, len(preds), len(golds))
    return scores


# --- running the pipeline ----------------------------------------------------------------


def predict(texts: Iterable[str]) -> Iterator[list[Triple]]:
    """Attributions the claims stage finds in each text (stages text → nlp, then the
    attribution layer; places, actors and events do not change the spans)."""
    from contested.model import Document
    from contested.pipeline import Pipeline
    from contested.stages import claims, nlp, text

    pipeline = Pipeline([text.STAGE, nlp.STAGE])
    for document in pipeline.run_many(Document(text=t) for t in texts):
        if document.error:
            yield []
            continue
        yield [
            Triple(cue=(a.cue,), content=a.content, source=(a.source,) if a.source else None)
            for a in claims.attribute(document)
        ]


def evaluate(folder: Path, limit: int | None = None, progress: bool = False) -> AttributionScores:
    """Score the pipeline on a PolNeAR folder (e.g. ../shared/eval/attribution/dev)."""
    pairs = gold_files(folder)[:limit]
    texts = [_read(t) for t, _ in pairs]
    golds = [read_ann(_read(a)) for _, a in pairs]
    total = AttributionScores()
    predictions = predict(texts)
    if progress:
        from rich.progress import track

        predictions = track(predictions, total=len(texts), description="attribution")
    for pred, gold, text in zip(predictions, golds, texts, strict=True):
        total.add(score_document(pred, gold, text))
    return total


def annotator_pairs(folder: Path) -> list[tuple[Path, Path, Path]]:
    """(text, first, second) annotation files of the articles that two people annotated."""
    ann_dir, text_dir = folder / "attributions", folder / "text"
    by_article: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        by_article.setdefault(_ANNOTATOR.sub("", ann.name).removesuffix(".ann"), []).append(ann)
    return [
        (text_dir / f"{base}.txt", anns[0], anns[1])
        for base, anns in sorted(by_article.items())
        if len(anns) > 1 and (text_dir / f"{base}.txt").exists()
    ]


def agreement(folder: Path) -> AttributionScores:
    """Inter-annotator agreement: the second annotator scored against the first, with the
    same matching as the system. It is the ceiling that a score can be read against."""
    gold_files(folder)  # the same layout check and one-line error as `evaluate`
    total = AttributionScores()
    for text_path, first, second in annotator_pairs(folder):
        text = _read(text_path)
        gold = read_ann(_read(first))
        other = read_ann(_read(second))
        total.add(score_document(other, gold, text))
    if not total.documents:
        raise InputError(f"{folder} has no article annotated by two people")
    return total


def command(
    path: Path = typer.Argument(..., help="PolNeAR split folder (attributions/ + text/)."),
    limit: int = typer.Option(None, help="Score only the first N articles."),
    human: bool = typer.Option(
        False, "--agreement", help="Score annotators against each other instead (the ceiling)."
    ),
) -> None:
    """Print exact and overlap P/R/F1 for Source, Cue, Content and whole triples."""
    from rich.console import Console
    from rich.table import Table

    if human:
        scores = agreement(path)
        title = f"Inter-annotator agreement, {scores.documents} articles annotated twice"
    else:
        scores = evaluate(path, limit=limit, progress=True)
        title = f"Attribution, {scores.documents} articles"
    table = Table(title=title)
    for column in ("span", "matching", "P", "R", "F1"):
        table.add_column(column)
    for role, matching, p, r, f in scores.rows():
        table.add_row(role, matching, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}")
    Console().print(table)
