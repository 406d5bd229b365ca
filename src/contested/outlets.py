"""Find news outlets (data/outlets.yaml) in article text: they are sources, never actors.

The outlet list is compiled by `contested.actor_dictionary` (the actors stage uses it to keep
outlets out of the actor list); here a mention must also start with a capital letter, so
that an outlet named by a common word ("Dawn", "Politico") is not found in "at dawn".
"""

from __future__ import annotations

from dataclasses import dataclass

from contested.actor_dictionary import load_dictionary


@dataclass(frozen=True)
class OutletMention:
    """One mention of an outlet: canonical name and character offsets."""

    name: str
    start: int
    end: int


def find_outlets(text: str) -> list[OutletMention]:
    """Outlet mentions in `text`, in order."""
    dictionary = load_dictionary()
    if dictionary.outlet_regex is None:
        return []
    found = []
    for match in dictionary.outlet_regex.finditer(text):
        surface = match.group(0)
        name = dictionary.outlet_for(" ".join(surface.split()))
        core = surface[4:] if surface.lower().startswith("the ") else surface
        if name is None or not core[:1].isupper():
            continue
        found.append(OutletMention(name=name, start=match.start(), end=match.end()))
    return found


def outlets_in(mentions: list[OutletMention], start: int, end: int) -> list[OutletMention]:
    """The mentions lying inside a character range."""
    return [m for m in mentions if start <= m.start and m.end <= end]
