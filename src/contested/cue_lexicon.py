"""The cue lexicon (data/cues.yaml) in the shapes the attribution rules need."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from contested.lexicon import load_yaml


@dataclass(frozen=True)
class Cues:
    """The cue lexicon (data/cues.yaml) in the shapes the rules need."""

    clause_verbs: frozenset[str]
    object_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    particle_verbs: dict[str, frozenset[str]]
    adjectives: frozenset[str]
    prepositions: tuple[tuple[str, ...], ...]
    nouns: frozenset[str]
    cognitive: frozenset[str]
    colon_max_tokens: int
    topic_prepositions: frozenset[str]
    lemma_fixes: dict[str, str]
    clause_only: frozenset[str]
    copulas: frozenset[str]
    topic_nouns: dict[str, frozenset[str]]
    adjective_preps: dict[str, frozenset[str]]
    infinitive_nouns: frozenset[str]
    cue_media: frozenset[str]
    not_passive: frozenset[str]
    raising: frozenset[str]
    adverbs: frozenset[str]
    phrasal_verbs: dict[str, frozenset[str]]

    @cached_property
    def verbs(self) -> frozenset[str]:
        return self.clause_verbs | self.object_verbs | self.infinitive_verbs | frozenset(
            self.particle_verbs
        )

    @cached_property
    def triggers(self) -> frozenset[str]:
        """Every lemma or lower-cased word some rule starts from: tokens with neither are
        skipped without trying the rules (most of an article)."""
        return frozenset().union(
            self.verbs,
            self.phrasal_verbs,
            self.lemma_fixes,
            self.nouns,
            self.infinitive_nouns,
            self.topic_nouns,
            self.adjectives,
            self.adverbs,
            (words[0] for words in self.prepositions),
            (":",),
        )


@cache
def load_cues(name: str = "cues") -> Cues:
    """Read the cue lexicon once per process."""
    data = load_yaml(name)
    return Cues(
        clause_verbs=frozenset(data["clause_verbs"]),
        object_verbs=frozenset(data["object_verbs"]),
        infinitive_verbs=frozenset(data["infinitive_verbs"]),
        particle_verbs={k: frozenset(v) for k, v in data["particle_verbs"].items()},
        adjectives=frozenset(data["adjectives"]),
        prepositions=tuple(tuple(p) for p in data["prepositions"]),
        nouns=frozenset(data["nouns"]),
        cognitive=frozenset(data["cognitive"]),
        colon_max_tokens=int(data["headline_colon_max_tokens"]),
        topic_prepositions=frozenset(data["topic_prepositions"]),
        lemma_fixes=dict(data["lemma_fixes"]),
        clause_only=frozenset(data["clause_only"]),
        copulas=frozenset(data["copulas"]),
        topic_nouns={k: frozenset(v) for k, v in data["topic_nouns"].items()},
        adjective_preps={k: frozenset(v) for k, v in data["adjective_preps"].items()},
        infinitive_nouns=frozenset(data["infinitive_nouns"]),
        cue_media=frozenset(data["cue_media"]),
        not_passive=frozenset(data["not_passive"]),
        raising=frozenset(data["raising"]),
        adverbs=frozenset(data["adverbs"]),
        phrasal_verbs={k: frozenset(v) for k, v in data["phrasal_verbs"].items()},
    )
