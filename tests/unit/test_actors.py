"""Actors: dictionary aliases, outlets excluded, people with roles and sides, role nouns.

These run the actor stage on Documents built by hand with NER entities supplied, so no model
is loaded.
"""

from __future__ import annotations

import re

from contested.model import Document, Entity, Sentence
from contested.stages.actors import find_actors


def _doc(text: str, persons: tuple[str, ...] = (), orgs: tuple[str, ...] = ()) -> Document:
    entities: list[Entity] = []
    for label, names in (("PERSON", persons), ("ORG", orgs)):
        for name in names:
            for m in re.finditer(re.escape(name), text):
                if not any(e.start < m.end() and m.start() < e.end for e in entities):
                    entities.append(
                        Entity(label=label, start=m.start(), end=m.end(), text=m.group())
                    )
    entities.sort(key=lambda e: e.start)
    sentences = [Sentence(start=m.start(), end=m.end()) for m in re.finditer(r"[^.]+\.?", text)]
    return find_actors(Document(text=text, entities=entities, sentences=sentences))


def test_aliases_and_acronyms_map_to_one_canonical_actor() -> None:
    doc = _doc("The National Resistance Front (NRF) said the NRF holds the passes.")
    assert [a.name for a in doc.actors] == ["National Resistance Front"]
    assert doc.actors[0].mentions == ["National Resistance Front", "NRF"]
    assert doc.actors[0].short == "NRF"


def test_acronyms_are_case_sensitive() -> None:
    assert _doc("The saf was closed and the rsf too.").actors == []


def test_outlets_are_never_actors() -> None:
    doc = _doc("According to Reuters and Foreign Policy, the Taliban advanced.", orgs=("Reuters",))
    assert [a.name for a in doc.actors] == ["Taliban"]


def test_role_before_a_name_gives_role_and_side() -> None:
    doc = _doc("Taliban spokesperson Zabihullah Mujahid said so.", persons=("Zabihullah Mujahid",))
    (person,) = doc.people
    assert (person.role, person.side) == ("Taliban spokesperson", "Taliban")


def test_apposition_after_a_name_gives_role_and_side() -> None:
    doc = _doc("Nabil Kamal, a spokesman for the RSF, denied it.", persons=("Nabil Kamal",))
    (person,) = doc.people
    assert person.side == "Rapid Support Forces"
    assert person.role == "spokesman for the RSF"


def test_a_role_across_a_comma_belongs_to_someone_else() -> None:
    text = "The NRF, led by the son of a former Mujahideen commander, Ahmad Massoud, held on."
    (person,) = _doc(text, persons=("Ahmad Massoud",)).people
    assert (person.role, person.side) == ("leader", "National Resistance Front")


def test_a_lone_surname_is_the_person_named_before() -> None:
    text = "Rebel leader Omar Diallo spoke. Later Diallo added more."
    doc = _doc(text, persons=("Omar Diallo", "Diallo"))
    assert len(doc.people) == 1 and len(doc.people[0].evidence) == 2


def test_a_fuller_name_sharing_a_surname_is_another_person() -> None:
    text = "Ahmad Massoud spoke. He is the son of Ahmad Shah Massoud."
    doc = _doc(text, persons=("Ahmad Massoud", "Ahmad Shah Massoud"))
    assert [p.name for p in doc.people] == ["Ahmad Massoud", "Ahmad Shah Massoud"]


def test_role_nouns_resolve_to_the_latest_matching_actor() -> None:
    text = "The Taliban attacked. Al-Shabaab was quiet. The NRF said the militant group failed."
    doc = _doc(text)
    role = next(m for m in doc.actor_mentions if m.via == "role")
    assert (role.text, role.actor) == ("militant group", "Al Shabaab")


def test_unknown_armed_organisations_become_actors_with_a_kind() -> None:
    doc = _doc("The Kivu Liberation Front attacked the village.", orgs=("Kivu Liberation Front",))
    (actor,) = doc.actors
    assert (actor.name, actor.kind) == ("Kivu Liberation Front", "rebel")


def test_an_outlet_named_by_a_common_word_is_not_found_in_lower_case() -> None:
    doc = _doc("Hamas fighters attacked at dawn, Dawn reported.")
    assert [a.name for a in doc.actors] == ["Hamas"]


def test_a_country_adjective_before_military_means_names_its_forces() -> None:
    from contested.model import Toponym

    text = "An Israeli airstrike hit Rafah; Israeli officials and Turkish jets were named."
    toponyms = [
        Toponym(start=m.start(), end=m.end(), text=m.group(), kind="demonym")
        for m in re.finditer(r"Israeli|Turkish", text)
    ]
    doc = find_actors(Document(text=text, toponyms=toponyms))
    named = [(m.text, m.actor) for m in doc.actor_mentions if m.via == "demonym"]
    assert named == [
        ("Israeli", "Military Forces of Israel"),
        ("Turkish", "Military Forces of Turkey"),
    ]


def _placed(text: str, places: dict[str, tuple[str, str]]) -> Document:
    from contested.model import Place, Span

    built = [
        Place(
            id=f"p{n}",
            mention=name,
            country_code=code,
            country=country,
            evidence=[
                Span(start=m.start(), end=m.end(), text=name) for m in re.finditer(name, text)
            ],
        )
        for n, (name, (code, country)) in enumerate(places.items(), start=1)
    ]
    return find_actors(Document(text=text, places=built))


def test_generic_police_are_the_police_of_the_article_country() -> None:
    text = "Police fired tear gas in Nairobi and Mombasa; troops stayed away from Kisumu."
    kenya = ("KE", "Kenya")
    doc = _placed(text, {"Nairobi": kenya, "Mombasa": kenya, "Kisumu": kenya})
    assert [(m.text, m.actor) for m in doc.actor_mentions] == [
        ("Police", "Police Forces of Kenya"),
        ("troops", "Military Forces of Kenya"),
    ]


def test_generic_troops_use_the_dictionary_military_of_that_country() -> None:
    doc = _placed("Troops shelled Omdurman.", {"Omdurman": ("SD", "Sudan")})
    assert doc.actor_mentions[0].actor == "Sudanese Armed Forces"


def test_force_nouns_after_an_actor_name_or_without_a_home_country_are_left_alone() -> None:
    doc = _placed("RSF soldiers entered Omdurman.", {"Omdurman": ("SD", "Sudan")})
    assert [m.actor for m in doc.actor_mentions] == ["Rapid Support Forces"]
    split = _placed(
        "Police moved in Kabul and Paris.",
        {"Kabul": ("AF", "Afghanistan"), "Paris": ("FR", "France")},
    )
    assert split.actor_mentions == []
