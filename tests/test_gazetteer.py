"""The alias gazetteer: well-formed entries, no surface form shared by two entities, and a few
hand-written sentences that resolve to the right state."""

from __future__ import annotations

from collections import defaultdict

import pytest

from claimgraph.extract.entities import gazetteer, slug
from claimgraph.extract.lexicon import load
from claimgraph.extract.reader import read_document
from claimgraph.model import Claim, Document, Reading

KINDS = ("aliases", "demonyms", "capitals", "cities")

# Every UN member state, by the gazetteer id it resolves to.
UN_MEMBERS = [
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda", "Argentina", "Armenia",
    "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium",
    "Belize", "Benin", "Bhutan", "Bolivia", "Bosnia and Herzegovina", "Botswana", "Brazil", "Brunei", "Bulgaria",
    "Burkina Faso", "Burundi", "Cabo Verde", "Cambodia", "Cameroon", "Canada", "Central African Republic", "Chad",
    "Chile", "China", "Colombia", "Comoros", "Republic of the Congo", "Costa Rica", "Côte d'Ivoire", "Croatia",
    "Cuba", "Cyprus", "Czech Republic", "North Korea", "Democratic Republic of the Congo", "Denmark", "Djibouti",
    "Dominica", "Dominican Republic", "Ecuador", "Egypt", "El Salvador", "Equatorial Guinea", "Eritrea",
    "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France", "Gabon", "Gambia", "Georgia", "Germany",
    "Ghana", "Greece", "Grenada", "Guatemala", "Guinea", "Guinea-Bissau", "Guyana", "Haiti", "Honduras",
    "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan",
    "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho",
    "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia",
    "Maldives", "Mali", "Malta", "Marshall Islands", "Mauritania", "Mauritius", "Mexico", "Micronesia",
    "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru",
    "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Macedonia", "Norway", "Oman",
    "Pakistan", "Palau", "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines", "Poland", "Portugal",
    "Qatar", "South Korea", "Romania", "Russia", "Rwanda", "Saint Kitts and Nevis", "Saint Lucia",
    "Saint Vincent and the Grenadines", "Samoa", "San Marino", "Sao Tome and Principe", "Saudi Arabia",
    "Senegal", "Serbia", "Seychelles", "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Solomon Islands",
    "Somalia", "South Africa", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname", "Sweden",
    "Switzerland", "Syria", "Tajikistan", "Thailand", "Timor-Leste", "Togo", "Tonga", "Trinidad and Tobago",
    "Tunisia", "Turkey", "Turkmenistan", "Tuvalu", "Uganda", "Ukraine", "United Arab Emirates",
    "United Kingdom", "Tanzania", "United States", "Uruguay", "Uzbekistan", "Vanuatu", "Venezuela", "Vietnam",
    "Yemen", "Zambia", "Zimbabwe",
]


def entities() -> list[dict]:
    return load("gazetteer")["entities"]


def read(text: str) -> Reading:
    return read_document(Document.from_text(text, published="2025-03-11", outlet="Test Times"))


def claim(reading: Reading, trigger: str) -> Claim:
    hits = [c for c in reading.claims if c.trigger == trigger]
    assert hits, f"no claim with trigger {trigger!r}: {[c.trigger for c in reading.claims]}"
    return hits[0]


def test_every_entry_has_an_id_a_name_and_a_type_and_ids_are_unique() -> None:
    ids = [e.get("id") for e in entities()]
    for e in entities():
        assert e.get("id") and e.get("name") and e.get("type"), e
        assert e["id"] == e["id"].lower() and " " not in e["id"], e["id"]
        for kind in KINDS:
            assert all(isinstance(f, str) and f.strip() == f and f for f in e.get(kind) or []), (e["id"], kind)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_no_surface_form_belongs_to_two_entities() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entities():
        for kind in KINDS:
            for form in e.get(kind) or []:
                owners[form].add(e["id"])
    shared = {f: sorted(o) for f, o in owners.items() if len(o) > 1}
    assert not shared, shared


def test_no_two_entities_make_the_same_city_id() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entities():
        for city in (e.get("capitals") or []) + (e.get("cities") or []):
            owners[slug(city)].add(e["id"])
    shared = {c: sorted(o) for c, o in owners.items() if len(o) > 1}
    assert not shared, shared


def test_city_and_region_countries_are_known_entities() -> None:
    entries, _ = gazetteer()
    for e in entities():
        country = (e.get("attrs") or {}).get("country")
        assert country is None or country in entries, (e["id"], country)


def test_every_un_member_state_is_in_the_gazetteer() -> None:
    _, forms = gazetteer()
    missing = [n for n in UN_MEMBERS if n not in forms]
    assert not missing, missing
    ids = {forms[n][0] for n in UN_MEMBERS}
    assert len(UN_MEMBERS) == len(ids) == 193
    entries, _ = gazetteer()
    assert all(entries[i].type == "GPE" for i in ids)


@pytest.mark.parametrize(("form", "ent_id"), [
    ("Guinea", "guinea"), ("Equatorial Guinea", "equatorial_guinea"), ("Guinea-Bissau", "guinea_bissau"),
    ("Papua New Guinea", "papua_new_guinea"), ("Niger", "niger"), ("Nigeria", "nigeria"),
    ("Sudan", "sudan"), ("South Sudan", "south_sudan"), ("Dominica", "dominica"),
    ("Dominican Republic", "dominican_republic"), ("Congo", "drc"), ("Republic of the Congo", "congo_republic"),
    ("Turkish Cypriot", "northern_cyprus"), ("Greek Cypriot", "cyprus"), ("Ivory Coast", "ivory_coast"),
    ("Côte d’Ivoire", "ivory_coast"), ("Türkiye", "turkey"), ("Burma", "myanmar"), ("Czechia", "czechia"),
])
def test_lookalike_names_resolve_to_their_own_state(form: str, ent_id: str) -> None:
    _, forms = gazetteer()
    assert forms[form][0] == ent_id


def test_a_new_state_and_its_capital_act() -> None:
    r = read("Lithuania expelled two diplomats, Vilnius said.")
    c = claim(r, "expelled")
    assert c.actor == ["lithuania"]


def test_a_capital_acts_for_its_state_and_a_port_is_a_place() -> None:
    r = read("Abuja summoned the Ghanaian ambassador on Monday.\n\n"
             "Nigerian officials said the tanker had been seized in Lagos.")
    assert claim(r, "summoned").actor == ["nigeria"]
    seized = claim(r, "seized")
    assert "city:lagos" in seized.place


def test_longest_name_wins_over_the_state_inside_it() -> None:
    r = read("Pirates attacked the tanker in the Gulf of Guinea, the Equatorial Guinea navy said.")
    ents = {m.entity_id for m in r.mentions}
    assert "gulf_of_guinea" in ents and "equatorial_guinea" in ents and "guinea" not in ents


def test_a_country_name_inside_a_persons_name_stays_the_person() -> None:
    r = read("Rep. Jim Jordan said the sanctions would fail.\n\n"
             "Chad Smith, a spokesman for the company, denied the report.\n\n"
             "Jordan closed its airspace, Amman said.")
    assert claim(r, "denied").actor == ["n:chad-smith"]
    assert claim(r, "closed").actor == ["jordan"]
    ents = {m.entity_id for m in r.mentions if m.text.startswith(("Jim", "Chad"))}
    assert ents == {"n:jim-jordan", "n:chad-smith"}


def test_an_outlet_named_after_a_capital_is_the_outlet_not_the_state() -> None:
    r = read("North Korea sent 300 workers to Vladivostok, The Washington Post reported.")
    sent = claim(r, "sent")
    assert sent.actor == ["dprk"] and sent.via == ["washington_post"]
