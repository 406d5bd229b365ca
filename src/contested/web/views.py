"""View models shared by the HTML pages and the JSON API.

The pages and the API render the same objects, so an analyst reading the board and a script
reading `/api/board` see the same facts. Every string here may come from a hostile article:
templates print them through Jinja2's autoescape and never mark them safe.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

HighlightKind = Literal[
    "place", "actor", "date", "source", "cue", "content", "casualty", "event"
]


class Segment(BaseModel):
    """A run of article text with the highlight kinds that cover it (empty: plain text)."""

    text: str
    kinds: list[HighlightKind] = Field(default_factory=list)
    #: Short descriptions of the facts covering this run (shown as a tooltip).
    notes: list[str] = Field(default_factory=list)


class Filters(BaseModel):
    """What a board, timeline or map is restricted to; empty fields do not filter."""

    place: str | None = None
    actor: str | None = None
    event_type: str | None = None
    outlet: str | None = None
    conflict: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def is_empty(self) -> bool:
        return not any(self.model_dump().values())


class ArticleRef(BaseModel):
    """Enough about an article to cite it."""

    id: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None


class ClaimView(BaseModel):
    """A claim as the board shows it: who said it, through whom, and the sentence it is in."""

    id: str
    article: ArticleRef
    speaker: str | None = None
    speaker_role: str | None = None
    side: str | None = None
    cue: str | None = None
    quote: bool = False
    text: str = ""
    kind: str = "other"
    #: The outlet chain, publisher first: who relayed the claim to the reader.
    outlets: list[str] = Field(default_factory=list)
    #: The sentence(s) around the claim, with source, cue and content highlighted.
    context: list[Segment] = Field(default_factory=list)
    #: Ids of claims (on the board) that contradict this one.
    contradicted_by: list[str] = Field(default_factory=list)


class SideColumn(BaseModel):
    """One side's claims on the board."""

    side: str
    claims: list[ClaimView] = Field(default_factory=list)
    total: int = 0


class SideCount(BaseModel):
    """A side quoted in the board's articles, and how many claims it made."""

    side: str
    claims: int


class ContradictionView(BaseModel):
    topic: str
    subject: str
    summary: str
    sides: list[str] = Field(default_factory=list)
    claims: list[str] = Field(default_factory=list)
    article: ArticleRef


class CasualtyFigure(BaseModel):
    """One claimant's figure for one side's losses."""

    claimed_by: str | None = None
    victim_side: str | None = None
    killed: int | None = None
    injured: int | None = None
    captured: int | None = None
    cumulative: bool = False
    date: dt.date | None = None
    outlets: list[str] = Field(default_factory=list)
    article: ArticleRef
    claim: str | None = None


class CasualtyRange(BaseModel):
    """The spread of figures for one side's losses: conservative (lowest) and highest."""

    victim_side: str | None = None
    measure: Literal["killed", "injured", "captured"] = "killed"
    conservative: int
    highest: int
    claimants: list[str] = Field(default_factory=list)
    figures: int = 0


class MapPoint(BaseModel):
    """Events at one location (markers are grouped by coordinates to stay readable)."""

    lat: float
    lon: float
    name: str
    events: int
    fatalities: int | None = None
    disputed: bool = False
    #: The events here, most recent first (capped; `events` holds the full count).
    event_ids: list[str] = Field(default_factory=list)


class EventView(BaseModel):
    """A (cross-article) event cluster with what supports it."""

    id: str
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    fatalities: int | None = None
    #: The highest figure any claimant gave (`fatalities` is the lowest credible one).
    fatalities_high: int | None = None
    disputed: bool = False
    #: Articles reporting the event (corroboration counts their distinct outlets).
    reports: int = 1
    articles: list[ArticleRef] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    #: Claims the event rests on, with their sentences (filled on the event page).
    claims: list[ClaimView] = Field(default_factory=list)
    #: False when no claim is tied to the event and `claims` lists the claims made in its
    #: reporting articles instead.
    claims_linked: bool = True
    #: Evidence sentences from the supporting articles (filled on the event page).
    evidence: list[EvidenceView] = Field(default_factory=list)
    #: Every claimant's casualty figures for the event (filled on the event page).
    figures: list[ClusterFigure] = Field(default_factory=list)
    #: Contradictions of its articles and disagreements between outlets' figures.
    disagreements: list[Disagreement] = Field(default_factory=list)


class ClusterFigure(BaseModel):
    """One claimant's figure for an event, as the store's clustering weighed it."""

    claimant: str = "unattributed"
    victim_side: str | None = None
    killed: int | None = None
    injured: int | None = None
    captured: int | None = None
    outlet: str | None = None
    #: False for running totals and a belligerent's count of its enemy's losses.
    credible: bool = True
    cumulative: bool = False


class Disagreement(BaseModel):
    """Claims about an event that cannot all be true (within or across articles)."""

    topic: str = "other"
    subject: str = ""
    summary: str = ""
    sides: list[str] = Field(default_factory=list)


class EvidenceView(BaseModel):
    article: ArticleRef
    context: list[Segment] = Field(default_factory=list)


class DayCount(BaseModel):
    day: dt.date
    events: int


class Page(BaseModel):
    """Pagination of a list: the slice shown and how to get the next one."""

    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        nxt = self.offset + self.limit
        return nxt if nxt < self.total else None

    @property
    def prev_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None


class Board(BaseModel):
    """The claims board: two sides' claims face to face, with contradictions and figures."""

    filters: Filters
    #: Every side quoted, most claims first (the columns show two of them).
    sides: list[SideCount] = Field(default_factory=list)
    columns: list[SideColumn] = Field(default_factory=list)
    #: Claims whose side is unknown or is neither of the two columns' sides.
    others: SideColumn = Field(default_factory=lambda: SideColumn(side="Other sources"))
    contradictions: list[ContradictionView] = Field(default_factory=list)
    contradiction_total: int = 0
    casualties: list[CasualtyFigure] = Field(default_factory=list)
    #: How many casualty figures there are in all (`casualties` lists the latest ones).
    casualty_total: int = 0
    ranges: list[CasualtyRange] = Field(default_factory=list)
    points: list[MapPoint] = Field(default_factory=list)
    events: int = 0
    articles: int = 0


class Timeline(BaseModel):
    filters: Filters
    days: list[DayCount] = Field(default_factory=list)
    events: list[EventView] = Field(default_factory=list)
    page: Page


class ArticleView(BaseModel):
    """An article with its text split into highlighted segments."""

    article: ArticleRef
    segments: list[Segment] = Field(default_factory=list)
    events: list[EventView] = Field(default_factory=list)
    claims: list[ClaimView] = Field(default_factory=list)
    casualties: list[CasualtyFigure] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    error: str | None = None


class Facets(BaseModel):
    """Values the filters offer (most frequent first)."""

    places: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    event_types: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    conflicts: list[str] = Field(default_factory=list)


class Overview(BaseModel):
    """The front page: corpus size, where events are, and where to start."""

    articles: int = 0
    events: int = 0
    claims: int = 0
    contradictions: int = 0
    facets: Facets = Field(default_factory=Facets)
    recent: list[ArticleRef] = Field(default_factory=list)
    points: list[MapPoint] = Field(default_factory=list)


EventView.model_rebuild()
