"""Cross-article clustering: when two reports are the same incident, and what a cluster
keeps (pure logic, no database, no model)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from contested.clusters import (
    CasualtyRecord,
    ContradictionRecord,
    EventRecord,
    build_clusters,
    compatible,
    group,
    places_compatible,
    representative,
)

BAZARAK = dict(place="Bazarak", feature="city", admin1="Panjshir", country_code="AF",
               lat=35.313, lon=69.515, geonames_id=1429434)
ROKHA = dict(place="Rokha", feature="city", admin1="Panjshir", country_code="AF",
             lat=35.218, lon=69.466, geonames_id=1128239)
PANJSHIR = dict(place="Panjshir", feature="province", admin1="Panjshir", country_code="AF")
KABUL = dict(place="Kabul", feature="city", admin1="Kabul", country_code="AF", lat=34.53,
             lon=69.17, geonames_id=1138958)
AFGHANISTAN = dict(place="Afghanistan", feature="country", country_code="AF")


def ev(eid: str, article: str = "", outlet: str | None = "Reuters", day: int = 1,
       precision: str | None = "day", **changes: object) -> EventRecord:
    base = EventRecord(
        id=eid, article_id=article or eid, outlet=outlet, event_type="Battles",
        sub_event_type="Armed clash", actor1="Taliban", actor2="National Resistance Front",
        date=dt.date(2021, 9, day), date_precision=precision, published=dt.date(2021, 9, 3),
        **BAZARAK,
    )
    return replace(base, **changes)


def test_the_same_town_a_day_apart_is_one_incident() -> None:
    assert compatible(ev("a"), ev("b", day=2))
    assert not compatible(ev("a"), ev("b", day=3))


def test_a_town_is_compatible_with_its_province_and_country() -> None:
    assert places_compatible(ev("a"), ev("b", **PANJSHIR))
    assert places_compatible(ev("a"), ev("b", **AFGHANISTAN))
    assert not places_compatible(ev("a", **KABUL), ev("b", **PANJSHIR))


def test_neighbouring_towns_merge_and_distant_ones_do_not() -> None:
    assert places_compatible(ev("a"), ev("b", **ROKHA))  # ~11 km apart
    assert not places_compatible(ev("a"), ev("b", **KABUL))  # another province


def test_a_different_country_is_never_the_same_incident() -> None:
    other = dict(BAZARAK, country_code="PK", admin1="Khyber", geonames_id=1)
    assert not compatible(ev("a"), ev("b", **other))


def test_actors_must_share_one_side_unless_a_report_names_none() -> None:
    assert compatible(ev("a"), ev("b", actor2=None))
    assert compatible(ev("a"), ev("b", actor1=None, actor2=None))
    assert not compatible(ev("a"), ev("b", actor1="Islamic State Khorasan Province",
                                      actor2="Military Forces of Pakistan"))


def test_related_types_merge_only_with_a_shared_actor() -> None:
    shelling = dict(event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack")
    assert compatible(ev("a"), ev("b", **shelling))
    assert not compatible(ev("a"), ev("b", actor1=None, actor2=None, **shelling))
    arrest = dict(event_type="Strategic developments", sub_event_type="Arrests")
    agreement = dict(event_type="Strategic developments", sub_event_type="Agreement")
    assert not compatible(ev("a", **arrest), ev("b", **agreement))
    assert not compatible(ev("a"), ev("b", event_type="Protests",
                                      sub_event_type="Peaceful protest"))


def test_coarse_dates_match_within_their_window() -> None:
    assert compatible(ev("a", day=20), ev("b", day=1, precision="month"))
    assert compatible(ev("a", day=5), ev("b", day=8, precision="week"))
    assert not compatible(ev("a", day=5), ev("b", day=20, precision="week"))


def test_an_undated_event_falls_in_the_week_before_publication() -> None:
    assert compatible(ev("a", day=1), ev("b", date=None, precision=None))
    late = ev("b", date=None, precision=None, published=dt.date(2021, 9, 20))
    assert not compatible(ev("a", day=1), late)


def test_an_unlocated_event_needs_a_shared_actor() -> None:
    nowhere = dict(place=None, feature=None, admin1=None, country_code=None, lat=None,
                   lon=None, geonames_id=None)
    assert compatible(ev("a"), ev("b", **nowhere))
    assert not compatible(ev("a"), ev("b", actor1=None, actor2=None, **nowhere))


def test_chains_of_near_matches_do_not_merge_distant_incidents() -> None:
    # a ≈ b (next day), b ≈ c (next day), but a and c are two days apart
    groups = group([ev("a", day=1), ev("b", day=2), ev("c", day=3)])
    assert sorted(len(g) for g in groups) == [1, 2]


def test_grouping_does_not_depend_on_input_order() -> None:
    events = [ev("a"), ev("b", **PANJSHIR), ev("c", **KABUL), ev("d", day=2, **ROKHA),
              ev("e", day=10), ev("f", day=10, **PANJSHIR)]
    expected = sorted(sorted(e.id for e in g) for g in group(events))
    rng = random.Random(1)
    for _ in range(10):
        rng.shuffle(events)
        assert sorted(sorted(e.id for e in g) for g in group(events)) == expected
    assert expected == [["a", "b", "d"], ["c"], ["e", "f"]]


def test_cluster_ids_are_stable_when_later_reports_join() -> None:
    first = build_clusters([ev("a")])
    later = build_clusters([ev("a"), ev("b", day=2, **PANJSHIR)])
    assert first[0].id == later[0].id and len(later[0].members) == 2


def test_corroboration_counts_distinct_outlets() -> None:
    [cluster] = build_clusters([ev("a", outlet="Reuters"), ev("b", outlet="Reuters"),
                                ev("c", outlet="AFP"), ev("d", outlet=None)])
    assert cluster.corroboration == 3  # Reuters twice counts once; no outlet counts apart


def test_casualty_ranges_conservative_highest_and_per_claimant() -> None:
    events = [ev("a", claims=("c1", "c2")), ev("b", outlet="AFP", fatalities=12)]
    casualties = [
        CasualtyRecord("a", "Reuters", "c1", victim_side="Taliban", killed=34,
                       claimed_by="National Resistance Front"),
        CasualtyRecord("a", "Reuters", "c2", victim_side="Taliban", killed=8,
                       claimed_by="Taliban"),
        CasualtyRecord("a", "Reuters", None, killed=600, cumulative=True,
                       claimed_by="National Resistance Front"),
    ]
    [cluster] = build_clusters(events, casualties)
    credible = {(f["claimant"], f["killed"]) for f in cluster.figures if f["credible"]}
    # the NRF's count of Taliban dead is an enemy count; the Taliban's admission of its own
    # losses and the AFP's own figure are credible; a cumulative toll is never credible
    assert credible == {("Taliban", 8), ("AFP", 12)}
    assert (cluster.fatalities, cluster.fatalities_high) == (8, 34)


def test_different_tolls_from_different_claimants_are_a_cross_article_contradiction() -> None:
    events = [ev("a", fatalities=27), ev("b", outlet="AFP", fatalities=41)]
    [cluster] = build_clusters(events)
    [contradiction] = cluster.contradictions
    assert contradiction["topic"] == "casualties" and contradiction["article_id"] is None
    assert contradiction["summary"] == "AFP: 41; Reuters: 27"
    assert cluster.disputed


def test_article_contradictions_follow_the_events_their_claims_support() -> None:
    events = [ev("a1", article="a", claims=("c1",)),
              ev("a2", article="a", claims=("c2",), **KABUL)]
    contradictions = [ContradictionRecord("a", "territory", "control of Kabul", ("c2", "c3"))]
    clusters = {c.members[0].id: c for c in build_clusters(events, (), contradictions)}
    assert clusters["a1"].contradictions == []
    assert clusters["a2"].contradictions[0]["subject"] == "control of Kabul"


def test_the_representative_place_is_the_most_specific() -> None:
    [cluster] = build_clusters([ev("a", **PANJSHIR), ev("b"), ev("c", **AFGHANISTAN)])
    rep = representative(cluster)
    assert rep["place"].place == "Bazarak" and rep["date"] == dt.date(2021, 9, 1)


def test_outlets_taken_for_actors_do_not_keep_reports_apart() -> None:
    protest = dict(event_type="Protests", sub_event_type="Protest with intervention",
                   actor2=None)
    assert compatible(ev("a", actor1="Reuters", **protest), ev("b", actor1="AP", **protest))
    assert not compatible(ev("a", actor1="Hamas", **protest), ev("b", actor1="Taliban",
                                                                   **protest))


def test_a_reprinted_wire_story_is_one_source() -> None:
    [cluster] = build_clusters([ev("a", outlet="Agence France-Presse"),
                                ev("b", outlet="France 24", wire="Agence France-Presse"),
                                ev("c", outlet="Reuters")])
    assert cluster.corroboration == 2
    assert cluster.outlets == ["Agence France-Presse", "France 24", "Reuters"]
