"""The typed document that pipeline stages enrich, and the report it becomes.

Every stage takes a `Document` and returns the same `Document` with more fields filled in.
Facts carry `evidence` (character offsets into `Document.text`) so that a reviewer can always
jump to the sentence a value came from. Field names that appear in DESIGN.md's output contract
are stable: add fields, never rename them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

Feature = Literal["city", "district", "province", "country", "region", "other"]
ActorKind = Literal["state", "rebel", "militia", "political", "civilian", "external", "other"]
Precision = Literal["day", "week", "month", "year"]
ClaimKind = Literal[
    "casualties", "territory", "attack", "denial", "demand", "intent", "negotiation", "other"
]
Topic = Literal["territory", "casualties", "attack", "other"]


class Span(BaseModel):
    """A character range of the article text; `text` always equals `document.text[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Offsets(BaseModel):
    """A character range without its text (used inside claim `spans`)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ArticleMeta(BaseModel):
    """What the caller (or the HTML/feed reader) knows about the article."""

    id: str = ""
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None


class Sentence(BaseModel):
    start: int
    end: int


class Entity(BaseModel):
    """A named-entity mention from the NER model (label as spaCy names it)."""

    label: str
    start: int
    end: int
    text: str


class Place(BaseModel):
    """A toponym resolved (or not: name/lat/lon null) to a gazetteer entry."""

    id: str = ""
    mention: str
    name: str | None = None
    feature: Feature | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    score: float | None = None
    evidence: list[Span] = Field(default_factory=list)


class Toponym(BaseModel):
    """One mention of a place in the text (the places stage groups them into `Place`s).

    `kind` says how the name is used: "place" (a location), "demonym" ("Afghan", resolved to
    its country but not a place the article is set in), or "in_name" (inside an organisation
    name, "Rapides Parish Fire District", never an event location) or "street" ("Main
    Street": recognised, not geocoded: the gazetteer has no streets). `place` is the id of the
    Place it belongs to (kind "place" only); `name`, `lat`, `lon` and `geonames_id` say where
    it resolved to (all None when resolution abstained).
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    kind: Literal["place", "demonym", "in_name", "street"] = "place"
    place: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


class Actor(BaseModel):
    """A canonical conflict actor (from data/actors.yaml or a named person/group in the text)."""

    name: str
    short: str | None = None
    kind: ActorKind = "other"
    country_code: str | None = None
    mentions: list[str] = Field(default_factory=list)
    evidence: list[Span] = Field(default_factory=list)


class ActorMention(BaseModel):
    """One place in the text that refers to a canonical actor (directly or by a role noun)."""

    actor: str
    start: int
    end: int
    text: str
    via: Literal["alias", "acronym", "role", "person", "pronoun", "demonym"] = "alias"


class Person(BaseModel):
    """A named person, with a role and the actor they speak for when the text says so."""

    name: str
    role: str | None = None
    side: str | None = None
    evidence: list[Span] = Field(default_factory=list)


class DateMention(BaseModel):
    """An explicit or relative date expression, resolved against `published` when possible."""

    text: str
    start: int
    end: int
    date: dt.date | None = None
    precision: Precision | None = None
    relative: bool = False


class Event(BaseModel):
    id: str = ""
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    date: dt.date | None = None
    date_precision: Precision | None = None
    date_text: str | None = None
    location: Place | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    disputed: bool = False
    claims: list[str] = Field(default_factory=list)
    evidence: list[Span] = Field(default_factory=list)
    confidence: float = 0.5


class ClaimSpans(BaseModel):
    source: Offsets | None = None
    cue: Offsets | None = None
    content: Offsets | None = None
    #: The content's fragments when a quote is interrupted ("“A,” he said, “B.”"); `content`
    #: spans from the first to the last.
    content_parts: list[Offsets] = Field(default_factory=list)


class Claim(BaseModel):
    id: str = ""
    speaker: str | None = None
    speaker_role: str | None = None
    side: str | None = None
    party: bool | None = None
    outlets: list[str] = Field(default_factory=list)
    cue: str | None = None
    quote: bool = False
    text: str = ""
    kind: ClaimKind = "other"
    unverified: bool = False
    spans: ClaimSpans = Field(default_factory=ClaimSpans)
    evidence: list[Span] = Field(default_factory=list)


class Casualty(BaseModel):
    victim_side: str | None = None
    killed: int | None = Field(default=None, ge=0)
    injured: int | None = Field(default=None, ge=0)
    captured: int | None = Field(default=None, ge=0)
    cumulative: bool = False
    claimed_by: str | None = None
    outlets: list[str] = Field(default_factory=list)
    date: dt.date | None = None
    claim: str | None = None
    #: Id of the event this figure belongs to (set by the casualties stage), if any.
    event: str | None = None
    evidence: list[Span] = Field(default_factory=list)


class Contradiction(BaseModel):
    topic: Topic
    subject: str
    claims: list[str]
    sides: list[str]
    summary: str


class Document(BaseModel):
    """The article as it moves through the pipeline.

    `_spacy` holds the parsed spaCy `Doc` (not serialised): stages that need tokens,
    dependencies or entities read it; everything they conclude goes into typed fields.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    article: ArticleMeta = Field(default_factory=ArticleMeta)
    text: str
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    #: Every toponym mention, in text order (places, demonyms, names inside organisations).
    toponyms: list[Toponym] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    actor_mentions: list[ActorMention] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    casualties: list[Casualty] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    #: Why the document was rejected (set by the pipeline; later stages are then skipped).
    error: str | None = None
    #: When the events stage coded no event: the kind of non-conflict news the text reads as
    #: (NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ORG_CRIME, ATTRIB), else None.
    non_conflict: str | None = None

    _spacy: Any = PrivateAttr(default=None)
    #: Character range of the words for the counted people ("34 enemy fighters") by index in
    #: `casualties`: the claims stage resolves "the enemy" once it knows who speaks.
    _victims: dict[int, tuple[int, int]] = PrivateAttr(default_factory=dict)

    @property
    def spacy(self) -> Any:
        """The spaCy `Doc`; raises if the nlp stage has not run."""
        if self._spacy is None:
            raise RuntimeError("the nlp stage has not run on this document")
        return self._spacy

    def span(self, start: int, end: int) -> Span:
        """Evidence for a character range, with its text taken from the article."""
        return Span(start=start, end=end, text=self.text[start:end])

    def sentence_of(self, offset: int) -> Sentence | None:
        """The sentence containing a character offset (binary search over sorted sentences)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            sent = self.sentences[mid]
            if offset < sent.start:
                hi = mid - 1
            elif offset >= sent.end:
                lo = mid + 1
            else:
                return sent
        return None


class Report(BaseModel):
    """The output contract of `contested extract --format json` (see DESIGN.md)."""

    article: ArticleMeta
    places: list[Place] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    casualties: list[Casualty] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    #: What kind of non-conflict news an article with no event reads as (disaster, diplomacy…).
    non_conflict: str | None = None
    warnings: list[str] = Field(default_factory=list)
    error: str | None = None
