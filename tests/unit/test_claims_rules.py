"""Claims stage rules on hand-built Documents (no model): speakers, outlet chains, kinds,
links to casualties and events, quotes and outlets found in text."""

from __future__ import annotations

from contested.attribution import Attribution
from contested.claim_kinds import classify, says_unverified
from contested.model import (
    ActorMention,
    ArticleMeta,
    Casualty,
    Claim,
    ClaimSpans,
    Document,
    Event,
    Offsets,
    Person,
    Sentence,
)
from contested.outlets import find_outlets
from contested.quotes import find_quotes, is_speech
from contested.speakers import Said, Speaker, resolve
from contested.stages import claims as stage


def _doc(text: str, **fields) -> Document:
    """A Document with one sentence per line-free '. ' split (enough for these tests)."""
    sentences, start = [], 0
    for k, char in enumerate(text):
        if char == "." and (k + 1 == len(text) or text[k + 1] in " \n"):
            sentences.append(Sentence(start=start, end=k + 1))
            start = k + 2
    return Document(text=text, sentences=sentences, **fields)


def _at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return (start, start + len(part))


def _att(text: str, source: str | None, cue: str, content: str, quote: bool = False,
         lemma: str = "say", nth: int = 0) -> Attribution:
    """An attribution; `nth` picks the nth occurrence of the cue word."""
    return Attribution(
        cue=_at(text, cue, nth), content=(_at(text, content),),
        source=_at(text, source) if source else None, quote=quote, lemma=lemma,
    )


# --- speakers ---------------------------------------------------------------------------


def test_pronoun_takes_the_latest_person_speaker():
    text = "Mujahid said it was over. He said more."
    history = [Said(0, Speaker("Zabihullah Mujahid", "spokesperson", "Taliban", kind="person"))]
    got = resolve(_doc(text), _at(text, "He"), history, [])
    assert (got.name, got.side, got.anaphoric) == ("Zabihullah Mujahid", "Taliban", True)


def test_they_skips_people_and_takes_a_group():
    text = "The NRF said no. Massoud said yes. They said more."
    history = [Said(0, Speaker("National Resistance Front", side="National Resistance Front",
                               kind="group")),
               Said(17, Speaker("Ahmad Massoud", kind="person"))]
    got = resolve(_doc(text), _at(text, "They"), history, [])
    assert got.name == "National Resistance Front"


def test_role_phrase_gives_role_and_side():
    text = "A spokesman for the NRF said they held the passes."
    doc = _doc(text, actor_mentions=[
        ActorMention(actor="National Resistance Front", start=20, end=23, text="NRF", via="acronym")])
    got = resolve(doc, _at(text, "A spokesman for the NRF"), [], [])
    assert got.name is None and got.role == "spokesman for the NRF"
    assert got.side == "National Resistance Front"


def test_named_person_takes_role_and_side_from_people():
    text = "Taliban spokesperson Zabihullah Mujahid said so."
    doc = _doc(text, people=[Person(name="Zabihullah Mujahid", role="spokesperson", side="Taliban")],
               actor_mentions=[ActorMention(actor="Taliban", start=0, end=7, text="Taliban")])
    got = resolve(doc, _at(text, "Taliban spokesperson Zabihullah Mujahid"), [], [])
    assert (got.name, got.role, got.side) == ("Zabihullah Mujahid", "Taliban spokesperson", "Taliban")


def test_bare_role_noun_takes_the_named_spokesman_before_it():
    text = "Spokesman Ali Khan said it. The spokesman added more."
    history = [Said(0, Speaker("Ali Khan", "spokesman", "Army", kind="person"))]
    got = resolve(_doc(text), _at(text, "The spokesman"), history, [])
    assert got.name == "Ali Khan" and got.anaphoric


def test_role_noun_of_another_side_is_not_the_earlier_spokesman():
    text = "Spokesman Ali Khan said it. The NRF spokesman denied it."
    doc = _doc(text, actor_mentions=[
        ActorMention(actor="National Resistance Front", start=32, end=35, text="NRF")])
    history = [Said(0, Speaker("Ali Khan", "spokesman", "Taliban", kind="person"))]
    got = resolve(doc, _at(text, "The NRF spokesman"), history, [])
    assert got.name is None and got.side == "National Resistance Front"


def test_outlet_source_is_an_outlet_not_a_side():
    text = "Reuters said the valley was steep."
    got = resolve(_doc(text), _at(text, "Reuters"), [], find_outlets(text))
    assert (got.outlet, got.side, got.kind) == ("Reuters", None, "outlet")


# --- outlet chains ----------------------------------------------------------------------


def _drafts(text: str, atts: list[Attribution], **fields):
    return stage._drafts(_doc(text, **fields), atts, find_outlets(text))


def test_according_to_outlet_is_a_link_not_a_claim():
    text = "According to Reuters, Mujahid was confident they had entered the valley."
    atts = [
        _att(text, "Reuters", "According to", "Mujahid was confident they had entered the valley",
             lemma="according to"),
        _att(text, "Mujahid", "was confident", "they had entered the valley", lemma="confident"),
    ]
    (draft,) = _drafts(text, atts)
    assert draft.outlets == ["Reuters"]


def test_pronoun_continuation_keeps_the_outlet_in_the_next_paragraph():
    text = ("According to Reuters, Mujahid said they had entered the valley.\n\n"
            "“We started operations,” he said.")
    atts = [
        _att(text, "Reuters", "According to", "Mujahid said they had entered the valley",
             lemma="according to"),
        _att(text, "Mujahid", "said", "they had entered the valley"),
        _att(text, "he", "said", "“We started operations,”", quote=True, nth=1),
    ]
    drafts = _drafts(text, atts, people=[Person(name="Mujahid")])
    assert [d.outlets for d in drafts] == [["Reuters"], ["Reuters"]]


def test_a_new_speaker_does_not_inherit_the_outlet():
    text = "According to WION, Massoud said talks failed.\n\nThe army said it advanced."
    atts = [
        _att(text, "WION", "According to", "Massoud said talks failed", lemma="according to"),
        _att(text, "Massoud", "said", "talks failed"),
        _att(text, "The army", "said", "it advanced", nth=1),
    ]
    drafts = _drafts(text, atts, people=[Person(name="Massoud")])
    assert drafts[1].outlets == []


def test_interview_outlet_in_the_sentence_joins_the_chain():
    text = "“We want a deal,” he said in an interview with Foreign Policy magazine."
    atts = [_att(text, "he", "said", "“We want a deal,”", quote=True)]
    (draft,) = _drafts(text, atts)
    assert draft.outlets == ["Foreign Policy"]


def test_citing_makes_the_cited_source_the_speaker():
    text = "WION, citing a Taliban official, said the pass had fallen."
    atts = [
        _att(text, "WION", "citing", "a Taliban official", lemma="cite"),
        _att(text, "WION", "said", "the pass had fallen"),  # "said" occurs once
    ]
    doc_fields = {"actor_mentions": [ActorMention(actor="Taliban", start=15, end=22, text="Taliban")]}
    (draft,) = _drafts(text, atts, **doc_fields)
    assert draft.outlets == ["WION"] and draft.speaker.side == "Taliban"


def test_article_outlet_is_the_last_link():
    text = "According to Reuters, the army said it advanced."
    atts = [
        _att(text, "Reuters", "According to", "the army said it advanced", lemma="according to"),
        _att(text, "the army", "said", "it advanced"),
    ]
    doc = _doc(text, article=ArticleMeta(outlet="Example News"))
    (draft,) = stage._drafts(doc, atts, find_outlets(text))
    assert draft.outlets == ["Reuters", "Example News"]


# --- kinds and flags --------------------------------------------------------------------


def test_kinds_from_content_and_cue():
    assert classify("34 fighters were killed and 65 injured") == "casualties"
    assert classify("they had complete control of all passes") == "territory"
    assert classify("the report is baseless") == "denial"
    assert classify("the attack on the valley", "deny") == "denial"
    assert classify("they held the town", "say", "Contradicting the army's claims,") == "denial"
    assert classify("to respond if attacked", "vow") == "intent"
    assert classify("a power-sharing deal") == "negotiation"
    assert classify("for the NRF to lay down their arms", "call") == "demand"
    assert classify("the weather was fine") == "other"


def test_unverified_wording():
    assert says_unverified("The figures could not be independently verified.")
    assert not says_unverified("The figures were confirmed by the hospital.")


# --- links ------------------------------------------------------------------------------


def _claim(id_: str, start: int, end: int, **fields) -> Claim:
    spans = ClaimSpans(content=Offsets(start=start, end=end),
                       content_parts=[Offsets(start=start, end=end)])
    return Claim(id=id_, spans=spans, **fields)


def test_casualty_takes_the_innermost_claim_holding_it():
    text = "According to WION, the NRF announced 34 Taliban fighters killed."
    doc = _doc(text)
    killed = doc.span(*_at(text, "34 Taliban fighters killed"))
    doc.casualties = [Casualty(victim_side="Taliban", killed=34, evidence=[killed])]
    doc.claims = [
        _claim("c1", 19, len(text) - 1, speaker="WION", outlets=["WION"]),
        _claim("c2", killed.start, killed.end, speaker="National Resistance Front",
               side="National Resistance Front", outlets=["WION"]),
    ]
    doc.events = [Event(event_type="Battles", sub_event_type="Armed clash", evidence=[killed])]
    stage._link(doc)
    casualty = doc.casualties[0]
    assert (casualty.claim, casualty.claimed_by, casualty.outlets) == (
        "c2", "National Resistance Front", ["WION"])
    assert doc.events[0].claims == ["c1", "c2"]


def _enemy_figure(text: str, mentioned: list[str],
                  claimant: str = "National Resistance Front") -> Casualty:
    """Link a figure of "enemy fighters" to a claim by CLAIMANT, with MENTIONED actors in the
    article."""
    doc = _doc(text)
    figure = doc.span(*_at(text, "killed 34"))
    doc.casualties = [Casualty(killed=34, evidence=[figure])]
    doc._victims = {0: _at(text, "enemy fighters")}
    doc.actor_mentions = [ActorMention(actor=a, start=0, end=3, text="The") for a in mentioned]
    doc.claims = [_claim("c1", figure.start, len(text) - 1, speaker=claimant, side=claimant)]
    stage._link(doc)
    return doc.casualties[0]


def test_enemy_is_the_claimants_one_opponent_in_the_article():
    text = "The NRF said it killed 34 enemy fighters."
    casualty = _enemy_figure(text, ["National Resistance Front", "Taliban"])
    assert casualty.victim_side == "Taliban"


def test_enemy_stays_unknown_without_exactly_one_opponent_in_the_article():
    text = "The NRF said it killed 34 enemy fighters."
    assert _enemy_figure(text, ["National Resistance Front"]).victim_side is None
    both = ["Taliban", "National Resistance Front", "Islamic State Khorasan Province"]
    assert _enemy_figure(text, both, claimant="Taliban").victim_side is None
    assert _enemy_figure(text, both[:2], claimant="Taliban").victim_side == (
        "National Resistance Front")


def test_figures_of_one_claim_for_one_side_become_one_record():
    text = "The NRF said it killed 34 enemy fighters and wounded 12 Taliban."
    doc = _doc(text)
    killed, wounded = doc.span(*_at(text, "killed 34")), doc.span(*_at(text, "wounded 12"))
    doc.casualties = [Casualty(killed=34, evidence=[killed]),
                      Casualty(victim_side="Taliban", injured=12, evidence=[wounded]),
                      Casualty(victim_side="Taliban", injured=3, evidence=[wounded])]
    doc._victims = {0: _at(text, "enemy fighters")}
    doc.actor_mentions = [ActorMention(actor="Taliban", start=0, end=3, text="The")]
    doc.claims = [_claim("c1", killed.start, len(text) - 1, speaker="National Resistance Front",
                         side="National Resistance Front")]
    stage._link(doc)
    merged = [(c.victim_side, c.killed, c.injured) for c in doc.casualties]
    assert merged == [("Taliban", 34, 12), ("Taliban", None, 3)]  # a slot is never overwritten


# --- quotes and outlets in text ---------------------------------------------------------


def test_quote_running_over_paragraphs():
    text = "He said:\n\n“The first part.\n\n“The second part,” he added."
    (quote,) = find_quotes(text)
    assert len(quote.parts) == 2 and text[quote.start : quote.end].endswith("part,”")


def test_short_quotes_are_not_speech():
    text = 'He was called the “Panjshir lion,” by many, and said "we will stay here forever."'
    speech = [text[q.start : q.end] for q in find_quotes(text) if is_speech(q, text)]
    assert speech == ['"we will stay here forever."']


def test_outlets_need_a_capital_letter():
    names = [m.name for m in find_outlets("At dawn, per DAWN and the BBC, citing AP.")]
    assert names == ["DAWN", "BBC", "Associated Press"]


def test_unverified_looks_at_the_next_sentence_only_when_it_attributes_nothing():
    text = "He said 40 were killed. The figure could not be independently verified. He said more."
    doc = _doc(text)
    assert says_unverified(stage._window(doc, 0, 10, [3]))
    text = "He said 40 were killed. She said it could not be independently verified."
    doc = _doc(text)
    assert not says_unverified(stage._window(doc, 0, 10, [3, text.index("said", 10)]))
