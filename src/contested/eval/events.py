"""`contested eval events`: score event coding on CASE 2021 Task 2 snippets.

The TSV has columns `id`, `EventSnippet`, `SubType` (CASE label codes; ../shared/eval/README.md
maps them to ACLED sub-event types). Each snippet runs through the pipeline up to the events
stage; the main event (highest confidence, earliest on a tie) gives the predicted sub-event
type. With no event, the prediction is the non-conflict kind the events stage recognised
(`Document.non_conflict`), or "no conflict event" when it recognised none.

Two views are scored: all 30 CASE classes (the system must also name the non-conflict kind),
and 26 classes where the five non-ACLED classes are merged into "no conflict event" (what an
ACLED coder needs: is this an event, and of which type).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import typer

from contested.errors import InputError
from contested.eval import f1
from contested.model import Document, Event

#: CASE 2021 Task 2 label codes → ACLED sub_event_type.
CASE_TO_ACLED = {
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "CHEM_WEAP": "Chemical weapon",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "SEX_VIOL": "Sexual violence",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
ACLED_TO_CASE = {v: k for k, v in CASE_TO_ACLED.items()}
NON_ACLED = ("MAN_MADE_DISASTER", "NATURAL_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB")
NO_EVENT = "no conflict event"


@dataclass(frozen=True)
class Snippet:
    id: str
    text: str
    label: str


@dataclass
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Scores:
    """Accuracy and F1 over one label view, with a per-class table and the top confusions."""

    n: int
    accuracy: float
    weighted_f1: float
    macro_f1: float
    per_class: list[ClassScore]
    confusions: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class EventEval:
    """Everything `contested eval events` reports."""

    all_classes: Scores  # 30 CASE classes
    merged: Scores  # 25 ACLED sub-types + "no conflict event"
    no_event_precision: float
    no_event_recall: float
    predictions: list[str]


def read_case_tsv(path: Path) -> list[Snippet]:
    """Read a CASE 2021 Task 2 TSV (id, EventSnippet, SubType)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    if not rows or not {"EventSnippet", "SubType"} <= set(rows[0]):
        raise InputError(f"{path}: expected columns id, EventSnippet, SubType")
    return [Snippet(r.get("id", str(i)), r["EventSnippet"], r["SubType"]) for i, r in enumerate(rows)]


def main_event(events: list[Event]) -> Event | None:
    """The event a snippet is about: highest confidence, earliest on a tie."""
    return max(events, key=lambda e: e.confidence) if events else None


def predicted_label(document: Document) -> str:
    """The CASE label code the system gives a processed document."""
    event = main_event(document.events)
    if event is not None:
        return ACLED_TO_CASE.get(event.sub_event_type, "OTHER")
    return document.non_conflict or NO_EVENT


def event_pipeline():
    """The default pipeline up to the events stage (later stages cannot change the type)."""
    from contested.pipeline import Pipeline, default_stages

    stages = default_stages()
    names = [s.name for s in stages]
    return Pipeline(stages[: names.index("events") + 1])


def predict(
    snippets: list[Snippet], pipeline=None, progress: Callable[[int], None] | None = None
) -> list[str]:
    """Run the pipeline over the snippets and return one predicted label code each."""
    pipeline = pipeline or event_pipeline()
    docs = (Document(text=s.text) for s in snippets)
    labels = []
    for document in pipeline.run_many(docs, batch_size=32):
        labels.append(predicted_label(document) if document.error is None else NO_EVENT)
        if progress is not None:
            progress(1)
    return labels


def score(gold: list[str], pred: list[str], top_confusions: int = 12) -> Scores:
    """Accuracy, support-weighted and macro F1 over the gold label set."""
    labels = sorted(set(gold))
    per_class = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        predicted = sum(1 for p in pred if p == label)
        support = sum(1 for g in gold if g == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        per_class.append(ClassScore(label, precision, recall, f1(precision, recall), support))
    n = len(gold)
    confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    return Scores(
        n=n,
        accuracy=sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / n if n else 0.0,
        weighted_f1=sum(c.f1 * c.support for c in per_class) / n if n else 0.0,
        macro_f1=sum(c.f1 for c in per_class) / len(per_class) if per_class else 0.0,
        per_class=per_class,
        confusions=[(g, p, k) for (g, p), k in confusions.most_common(top_confusions)],
    )


def _merge(label: str) -> str:
    return NO_EVENT if label in NON_ACLED or label == NO_EVENT else label


def evaluate_labels(gold: list[str], pred: list[str]) -> EventEval:
    """Score predictions against gold labels in both views."""
    merged_gold = [_merge(g) for g in gold]
    merged_pred = [_merge(p) for p in pred]
    said_none = [p == NO_EVENT for p in merged_pred]
    is_none = [g == NO_EVENT for g in merged_gold]
    tp = sum(1 for s, i in zip(said_none, is_none, strict=True) if s and i)
    return EventEval(
        all_classes=score(gold, pred),
        merged=score(merged_gold, merged_pred),
        no_event_precision=tp / sum(said_none) if any(said_none) else 0.0,
        no_event_recall=tp / sum(is_none) if any(is_none) else 0.0,
        predictions=pred,
    )


def evaluate(
    path: Path, pipeline=None, progress: Callable[[int], None] | None = None
) -> EventEval:
    """Run and score a CASE 2021 Task 2 TSV (the library entry point of the command)."""
    snippets = read_case_tsv(path)
    pred = predict(snippets, pipeline, progress)
    return evaluate_labels([s.label for s in snippets], pred)


def _print(result: EventEval) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for title, scores in (("30 CASE classes", result.all_classes),
                          ("ACLED sub-types + no event", result.merged)):
        console.print(
            f"[bold]{title}[/] (n={scores.n}): accuracy {scores.accuracy:.3f}, "
            f"weighted F1 {scores.weighted_f1:.3f}, macro F1 {scores.macro_f1:.3f}"
        )
    console.print(
        f"no conflict event: precision {result.no_event_precision:.3f}, "
        f"recall {result.no_event_recall:.3f}"
    )
    table = Table("class", "P", "R", "F1", "n", title="Per class (30 classes)")
    for c in result.all_classes.per_class:
        table.add_row(c.label, f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}",
                      str(c.support))
    console.print(table)
    confusion = Table("gold", "predicted", "count", title="Most frequent confusions")
    for gold, pred, count in result.all_classes.confusions:
        confusion.add_row(gold, pred, str(count))
    console.print(confusion)


def _with_progress(path: Path) -> EventEval:
    from rich.progress import Progress

    snippets = read_case_tsv(path)
    with Progress(transient=True) as bar:
        task = bar.add_task("coding snippets", total=len(snippets))
        pred = predict(snippets, progress=lambda k: bar.advance(task, k))
    return evaluate_labels([s.label for s in snippets], pred)


def command(
    path: Path = typer.Argument(..., help="CASE 2021 Task 2 TSV (id, EventSnippet, SubType)."),
) -> None:
    """Score sub-event typing: accuracy, weighted and macro F1, confusions, no-event P/R."""
    _print(_with_progress(path))

