"""Hand-built reports for the web tests: no spaCy model, real store, real clustering.

`extractor` stands in for the pipeline in `Store.ingest`, returning prepared reports for
known texts. One article is hostile: its text, quotes, speaker, outlet, title and URL carry
script and attribute-injection payloads that must render inert.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from contested.model import (
    Actor,
    ArticleMeta,
    Casualty,
    Claim,
    ClaimSpans,
    Contradiction,
    Event,
    Offsets,
    Place,
    Report,
    Span,
)
from contested.readers import ArticleInput

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'

PANJSHIR_TEXT = (
    "The Taliban on Wednesday surrounded Panjshir again.\n\n"
    "According to Reuters, Taliban spokesperson Zabihullah Mujahid said the fighters had "
    "entered the valley and taken parts of it.\n\n"
    "Contradicting the Taliban's claims, a spokesman for the NRF said they had complete "
    "control of all passes and exits.\n\n"
    "According to WION, the NRF said 34 Taliban fighters were killed and 65 injured."
)

HOSTILE_TEXT = (
    f"Fighting in Panjshir {SCRIPT} continued.\n\n"
    f"A commander {ATTR} said \"we hold the pass {SCRIPT}\" on Thursday.\n\n"
    f"Officials said 12 fighters died {ATTR}."
)

PANJSHIR_PLACE = dict(
    name="Panjshir", feature="province", admin1="Panjshir", country="Afghanistan",
    country_code="AF", lat=35.4, lon=69.7,
)


def span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start=start, end=start + len(needle), text=needle)


def offsets(text: str, needle: str) -> Offsets:
    s = span(text, needle)
    return Offsets(start=s.start, end=s.end)


def panjshir_report(meta: ArticleMeta) -> Report:
    t = PANJSHIR_TEXT
    place = Place(mention="Panjshir", evidence=[span(t, "Panjshir")], **PANJSHIR_PLACE)
    c1 = Claim(
        id="c1", speaker="Zabihullah Mujahid", speaker_role="Taliban spokesperson",
        side="Taliban", outlets=["Reuters"], cue="said", kind="territory",
        text="the fighters had entered the valley and taken parts of it",
        spans=ClaimSpans(
            source=offsets(t, "Zabihullah Mujahid"), cue=offsets(t, "said"),
            content=offsets(t, "the fighters had entered the valley and taken parts of it"),
        ),
        evidence=[span(t, "the fighters had entered the valley and taken parts of it")],
    )
    c2 = Claim(
        id="c2", speaker=None, speaker_role="spokesman for the NRF",
        side="National Resistance Front", outlets=[], cue="said", kind="territory",
        text="they had complete control of all passes and exits",
        spans=ClaimSpans(
            source=offsets(t, "a spokesman for the NRF"),
            content=offsets(t, "they had complete control of all passes and exits"),
        ),
        evidence=[span(t, "they had complete control of all passes and exits")],
    )
    c3 = Claim(
        id="c3", side="National Resistance Front", outlets=["WION"], kind="casualties",
        text="34 Taliban fighters were killed and 65 injured",
        spans=ClaimSpans(content=offsets(t, "34 Taliban fighters were killed and 65 injured")),
        evidence=[span(t, "34 Taliban fighters were killed and 65 injured")],
    )
    event = Event(
        id="e1", event_type="Battles", sub_event_type="Armed clash", actor1="Taliban",
        actor2="National Resistance Front", date=dt.date(2021, 9, 1), date_precision="day",
        location=place, disputed=True, claims=["c1", "c2"],
        evidence=[span(t, "The Taliban on Wednesday surrounded Panjshir again.")],
    )
    return Report(
        article=meta, places=[place],
        actors=[Actor(name="Taliban", kind="rebel", evidence=[span(t, "Taliban")]),
                Actor(name="National Resistance Front", short="NRF", kind="rebel",
                      evidence=[span(t, "NRF")])],
        events=[event], claims=[c1, c2, c3],
        casualties=[Casualty(victim_side="Taliban", killed=34, injured=65, cumulative=True,
                             claimed_by="National Resistance Front", outlets=["WION"],
                             claim="c3", evidence=[span(t, "34 Taliban fighters were killed")])],
        contradictions=[Contradiction(
            topic="territory", subject="control of Panjshir valley", claims=["c1", "c2"],
            sides=["Taliban", "National Resistance Front"],
            summary="Taliban say they entered the valley; NRF says it holds all passes",
        )],
    )


def hostile_report(meta: ArticleMeta) -> Report:
    t = HOSTILE_TEXT
    hostile_name = f"Pass {SCRIPT}"
    place = Place(mention="Panjshir", evidence=[span(t, "Panjshir")], **{
        **PANJSHIR_PLACE, "name": hostile_name, "lat": 35.3, "lon": 69.5,
    })
    quote = f"we hold the pass {SCRIPT}"
    claim = Claim(
        id="c1", speaker=f"Commander {ATTR}", speaker_role=SCRIPT, side=f"Taliban {ATTR}",
        outlets=[f"Outlet {SCRIPT}"], cue=f"said {ATTR}", quote=True, kind="territory",
        text=quote,
        spans=ClaimSpans(source=offsets(t, f"A commander {ATTR}"), cue=offsets(t, "said \""),
                         content=offsets(t, quote)),
        evidence=[span(t, quote)],
    )
    return Report(
        article=meta, places=[place],
        actors=[Actor(name=f"Taliban {ATTR}", evidence=[span(t, ATTR)])],
        events=[Event(
            id="e1", event_type="Battles", sub_event_type="Armed clash",
            actor1=f"Taliban {ATTR}", actor2=SCRIPT, date=dt.date(2021, 9, 2),
            date_precision="day", location=place, claims=["c1"],
            evidence=[span(t, f"Fighting in Panjshir {SCRIPT} continued.")],
        )],
        claims=[claim],
        casualties=[Casualty(victim_side=SCRIPT, killed=12, claimed_by=ATTR,
                             evidence=[span(t, "12 fighters died")])],
        contradictions=[Contradiction(topic="other", subject=SCRIPT, claims=["c1"],
                                      sides=[ATTR], summary=SCRIPT)],
        warnings=[SCRIPT],
    )


def inputs() -> list[ArticleInput]:
    return [
        ArticleInput(ArticleMeta(id="panjshir", title="Panjshir fighting", outlet="Example News",
                                 published=dt.date(2021, 9, 2)), text=PANJSHIR_TEXT),
        ArticleInput(ArticleMeta(id="hostile", title=f"Title {SCRIPT}", outlet=f"News {ATTR}",
                                 published=dt.date(2021, 9, 3), url="javascript:alert(1)"),
                     text=HOSTILE_TEXT),
    ]


BUILDERS = {PANJSHIR_TEXT: panjshir_report, HOSTILE_TEXT: hostile_report}


def extractor(items: list[ArticleInput]) -> Iterator[tuple[ArticleInput, Report]]:
    """Prepared reports for the known texts; an empty report for anything else."""
    for item in items:
        build = BUILDERS.get(item.text)
        yield item, build(item.meta) if build else Report(article=item.meta)


def ids(items: Iterable[ArticleInput]) -> list[str]:
    from contested.store.rows import article_id, content_hash

    return [article_id(content_hash(i.text)) for i in items]
