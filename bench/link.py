"""Benchmark: linking at scale — `group_claims` and `find_conflicts` on 10k, 100k and 1M synthetic claims.

What it measures
    For each corpus size N (default 10,000, 100,000 and 1,000,000 claims) a fresh Python process
    (``python bench/link.py --worker N``) builds N synthetic claims in memory, then times
    ``claimgraph.link.grouping.group_claims`` and ``claimgraph.link.conflicts.find_conflicts`` separately
    (wall seconds) and reports its peak resident set size (``resource.getrusage(...).ru_maxrss``), which
    includes the claims themselves, as ``build`` holds them too. Generation is not timed.

    Each size below 1M claims is measured ``--repeat`` times (default 3), each run in a fresh process, and
    the fastest run counts, as ``timeit`` takes the best of N: on a shared machine other work only ever
    slows a run down, and one slow run at 10k would otherwise decide the growth factor. The table shows
    every run's linking time next to the best; peak memory is the highest of the runs.

    Beside the times, each size reports the quality of what was linked, against the generator's stories:
    pairwise precision and recall of the groups (``pair_quality``) and of the conflicts
    (``conflict_quality``: the generator plants disagreements only inside a story, so a conflict between
    two stories is false). The windows and caps that bound the work per claim were chosen on these
    figures and on the seeds and dev scores, not on time alone.

    The parent prints a table, the growth factor of each time and of peak memory per 10x claims
    (between consecutive sizes, normalised to a factor of 10 when sizes are not 10x apart) and a
    verdict against the targets. A size whose linking (group_claims + find_conflicts) runs past
    ``--timeout`` seconds (default 480), or which goes past ``--max-rss-gib`` resident memory (default 12), is
    stopped, reported with the phase it was in and the time spent linking, and counts as a miss.

The synthetic corpus (seeded, so every run sees the same claims)
    * 200 entities: ~30 states (hubs first: dprk, china, russia, south_korea, usa, japan, ...), 50 cities
      with a ``country``, 30 vessels with a ``flag``, 40 people (half with a ``country``), 30 organisations
      and 20 media outlets; participants are drawn with Zipf-like weights (1/rank), so a few hub states
      are in a large share of claims, as in a corpus about North Korea.
    * 12 real claimgraph event types (data/events.yaml) over 9 event keys: labour_deployment and
      fuel_transfer (06), meet and visit (04), recognize and agree (05), sanction (16), statement (01),
      weapons_test (15), accuse (11), provide_aid (07), seize (17).
    * documents of 6 to 14 claims (10 on average); 5% of documents are syndicated copies of a recent
      document (same clauses, new ids, listed in ``copies``).
    * 40% of claims report one of N/10 running "stories" (an event with fixed participants, date and
      figure, reported by documents close in time, in paraphrase), with a changed date or figure now and
      then, so groups and conflicts form; the rest are one-off claims.
    * 50% of claims dated over 2023-2025 (70% to the day, 30% to the month; 10% of dates are statement
      dates), figures on 30% of claims, modalities as read from the demo corpus (8% denied, 8% planned),
      order relations on 4%, a speaker on 60% (anonymous on 25%), a relay on 25%.
    * evidence clauses of 12 to 24 words from a vocabulary of 4,000 made-up words with Zipf frequencies,
      plus the trigger and the participants' names.

Targets
    At most 12x the time per 10x claims (near-linear: blocking, never all pairs), and peak memory
    under 4 GiB at 1M claims.

How to run
    .venv/bin/python bench/link.py                         # 10k, 100k, 1M (the 1M size takes minutes)
    .venv/bin/python bench/link.py --quick                 # 1k, 10k
    .venv/bin/python bench/link.py --sizes 10000 50000 --timeout 300
    .venv/bin/python bench/link.py --sizes 10000 100000 --repeat 1   # one run per size
    .venv/bin/python bench/link.py --worker 10000          # one measurement, printed as JSON
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)
MAX_GROWTH = 12.0  # time factor allowed per 10x claims
MAX_PEAK_GIB = 4.0  # at 1M claims
TIMEOUT_S = 480  # per size, for group_claims + find_conflicts
GEN_TIMEOUT_S = 900
MAX_RSS_GIB = 12.0
REPEAT = 3  # runs per size below REPEAT_BELOW claims; the fastest counts (as timeit's best of N)
REPEAT_BELOW = 1_000_000
SEED = 2397

# --------------------------------------------------------------------------- synthetic corpus

STATES = ["dprk", "china", "russia", "south_korea", "usa", "japan", "un", "unsc", "iran", "syria", "ukraine",
          "mongolia", "vietnam", "laos", "cambodia", "thailand", "singapore", "malaysia", "indonesia",
          "philippines", "taiwan", "hong_kong", "uae", "qatar", "kuwait", "poland", "germany", "france", "uk",
          "india"]
KINDS = [  # (event type, event key, trigger verbs, weight, typical unit)
    ("labour_deployment", "06", ["sent", "dispatched", "employed", "hired", "deployed"], 10, "workers"),
    ("fuel_transfer", "06", ["transferred", "delivered", "supplied", "shipped"], 5, "barrels"),
    ("meet", "04", ["met", "held talks with", "discussed with"], 10, None),
    ("visit", "04", ["visited", "toured"], 4, None),
    ("recognize", "05", ["recognised", "recognized"], 2, None),
    ("agree", "05", ["signed", "concluded"], 4, None),
    ("sanction", "16", ["sanctioned", "banned", "designated"], 8, "entities"),
    ("statement", "01", ["said", "stated", "announced"], 14, None),
    ("weapons_test", "15", ["launched", "tested", "fired"], 6, "missiles"),
    ("accuse", "11", ["accused", "blamed"], 5, None),
    ("provide_aid", "07", ["provided aid to", "donated to"], 3, "tonnes"),
    ("seize", "17", ["seized", "impounded", "detained"], 3, "tonnes"),
]
MODALITIES = [("reported", 31), ("asserted", 27), ("unverified", 17), ("hedged", 9), ("planned", 8), ("denied", 8)]
APPROX = [(None, 50), ("about", 25), ("more_than", 15), ("up_to", 5), ("at_least", 5)]
START, DAYS = date(2023, 1, 1), 3 * 365


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (r + 1) ** s for r in range(n)]


def make_vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """Made-up words in frequency-rank order: frequent words are short (Zipf's law of abbreviation), so that,
    as in English news, about a fifth of running words have seven letters or more."""
    onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "h", "j", "br", "tr", "st", "gr",
              "pl", "ch", "sh", "th"]
    nuclei = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]
    codas = ["", "", "", "n", "r", "s", "t", "l", "nd", "st"]
    out: set[str] = set()
    while len(out) < size:
        syl = rng.choices((1, 2, 3, 4), (15, 45, 30, 10))[0]
        out.add("".join(rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas) for _ in range(syl)))
    return sorted(sorted(out), key=lambda w: len(w) + rng.gauss(0, 2.0))


def make_entities(rng: random.Random) -> tuple[dict[str, Any], list[str], list[str], list[str]]:
    """200 entities; returns (entities, participants ranked for Zipf draws, places ranked, media ids)."""
    from claimgraph.model import Entity

    ents: dict[str, Entity] = {s: Entity(s, s.replace("_", " ").title(), "GPE") for s in STATES}
    hubs = STATES[:6]
    cities = [f"city:c{i}" for i in range(50)]
    for i, c in enumerate(cities):  # most cities are in the hub states
        country = hubs[i % 6] if i < 30 else rng.choice(STATES)
        ents[c] = Entity(c, f"City{i}", "GPE", attrs={"country": country})
    for i in range(30):
        v = f"v:ship{i}"
        ents[v] = Entity(v, f"Ship{i}", "VESSEL", attrs={"flag": rng.choice(["dprk", "dprk", "panama", "sierra_leone",
                                                                            "togo", "china", "russia"])})
    for i in range(40):
        p = f"n:person{i}"
        ents[p] = Entity(p, f"Person{i}", "PERSON", attrs={"country": rng.choice(hubs)} if i % 2 else {})
    for i in range(30):
        o = f"n:org{i}"
        ents[o] = Entity(o, f"Org{i}", "ORG")
    media = [f"org:media{i}" for i in range(20)]
    for i, m in enumerate(media):
        ents[m] = Entity(m, f"Outlet {i}", "MEDIA")
    assert len(ents) == 200, len(ents)
    rest = [e for e in ents if e not in hubs and e not in media]
    rng.shuffle(rest)
    ranked = hubs + rest  # the hubs head the Zipf ranking
    places = [e for e in ranked if ents[e].type == "GPE"]
    return ents, ranked, places, media


def distinct(draw: Any, exclude: set[str]) -> str:
    """A draw that is not in `exclude` (a target or place is not the actor itself)."""
    while (x := draw()) in exclude:
        pass
    return x


class Corpus:
    """Seeded synthetic claims, generated document by document (lazily)."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = rng = random.Random(seed)
        self.vocab = make_vocabulary(rng)
        self.entities, self.ranked, self.places, self.media = make_entities(rng)
        # cumulative weights, computed once (random.choices would sum the weights on every draw)
        self.vocab_w = list(accumulate(zipf_weights(len(self.vocab))))
        self.ranked_w = list(accumulate(zipf_weights(len(self.ranked))))
        self.places_w = list(accumulate(zipf_weights(len(self.places))))
        self.kind_w = list(accumulate(k[3] for k in KINDS))
        self.mod_w = list(accumulate(w for _, w in MODALITIES))
        self.approx_w = list(accumulate(w for _, w in APPROX))
        self.copies: dict[str, tuple[str, float]] = {}
        self.outlet: dict[str, str] = {}
        self.truth: dict[str, str] = {}  # claim id -> the story it reports ("s<i>"), or its own id

    # -- small draws
    def entity(self) -> str:
        return self.rng.choices(self.ranked, cum_weights=self.ranked_w)[0]

    def place(self) -> str:
        return self.rng.choices(self.places, cum_weights=self.places_w)[0]

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.vocab_w, k=n)

    def when(self, around: int | None = None) -> Any:
        from claimgraph.model import TimeSpan

        rng = self.rng
        d = START + timedelta(days=around if around is not None else rng.randrange(DAYS))
        if rng.random() < 0.7:
            return TimeSpan(d, d, "day", d.isoformat())
        first = d.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return TimeSpan(first, last, "month", first.isoformat()[:7])

    def quantity(self, unit: str | None, value: float | None = None) -> Any:
        from claimgraph.model import Quantity

        rng = self.rng
        v = value if value is not None else float(round(math.exp(rng.uniform(1.0, 9.0))))
        approx = rng.choices([a for a, _ in APPROX], cum_weights=self.approx_w)[0]
        u = unit or rng.choice(["workers", "tonnes", "percent", "USD"])
        return Quantity(v, approx, u, f"{(approx or '').replace('_', ' ')} {v:,.0f} {u}".strip())

    def story(self, i: int) -> dict[str, Any]:
        """Story `i`: fixed by its index, so any document can report it without storing all stories."""
        r = random.Random(i * 7919 + 17)
        kind = r.choices(KINDS, cum_weights=self.kind_w)[0]
        actor = distinct(lambda: r.choices(self.ranked, cum_weights=self.ranked_w)[0], set())
        return {"kind": kind, "actor": actor,
                "target": distinct(lambda: r.choices(self.ranked, cum_weights=self.ranked_w)[0], {actor})
                if r.random() < 0.6 else None,
                "place": distinct(lambda: r.choices(self.places, cum_weights=self.places_w)[0], {actor})
                if r.random() < 0.5 else None,
                "day": r.randrange(DAYS), "value": float(r.randrange(10, 5000)) if r.random() < 0.5 else None,
                "core": r.choices(self.vocab, cum_weights=self.vocab_w, k=r.randrange(8, 13))}

    # -- one claim
    def claim(self, cid: str, doc_id: str, story: dict[str, Any] | None) -> Any:
        from claimgraph.model import ANONYMOUS, Claim

        rng = self.rng
        if story is not None:
            kind = story["kind"]
            actor, target, place = story["actor"], story["target"], story["place"]
            core = [w if rng.random() > 0.25 else rng.choice(self.vocab) for w in story["core"]]
        else:
            kind = rng.choices(KINDS, cum_weights=self.kind_w)[0]
            actor = self.entity()
            target = distinct(self.entity, {actor}) if rng.random() < 0.5 else None
            place = distinct(self.place, {actor}) if rng.random() < 0.35 else None
            core = self.words(rng.randrange(8, 16))
        etype, key, verbs, _, unit = kind
        trigger = rng.choice(verbs)
        names = [self.entities[e].name for e in (actor, target, place) if e]
        text = " ".join([names[0], trigger, *names[1:], *core, *self.words(rng.randrange(2, 6))]) + "."
        modality = rng.choices([m for m, _ in MODALITIES], cum_weights=self.mod_w)[0]
        when = None
        if rng.random() < 0.5:
            day = story["day"] if story is not None else None
            if day is not None and rng.random() < 0.1:
                day = (day + rng.choice((-1, 1)) * rng.randrange(20, 90)) % DAYS  # a report that has it wrong
            when = self.when(day)
        quantity = None
        if rng.random() < 0.3:
            value = story["value"] if story is not None else None
            if value is not None and rng.random() < 0.1:
                value = value * rng.choice((2.5, 3.0, 0.3))  # a figure that disagrees
            quantity = self.quantity(unit, value)
        flags: dict[str, Any] = {"event_key": key, "relations": [],
                                 "when_source": ("statement" if rng.random() < 0.1 else "event") if when else None}
        if rng.random() < 0.04:
            other = rng.choice([k for k in KINDS if k[1] != key])[1]
            flags["relations"] = [{"rel": rng.choice(("after", "before")), "event": other, "text": "in response"}]
        r = rng.random()
        said_by = ANONYMOUS if r < 0.25 else (self.entity() if r < 0.6 else None)
        via = rng.sample(self.media, rng.choice((1, 1, 2))) if rng.random() < 0.25 else []
        return Claim(id=cid, doc_id=doc_id, text=text, start=0, end=len(text), trigger=trigger.split()[0],
                     event_type=etype, cameo=key + "0", actor=[actor], target=[target] if target else [],
                     place=[place] if place else [], when=when, quantity=quantity, said_by=said_by, via=via,
                     modality=modality, irrealis=modality == "planned",
                     tense="future" if modality == "planned" else rng.choice(("past", "past", "present", "perfect")),
                     flags=flags)

    # -- documents
    def claims(self, n: int) -> Iterator[Any]:
        """Exactly `n` claims, document by document; fills `self.copies` and `self.outlet` on the way."""
        rng = self.rng
        n_stories = max(1, n // 10)
        recent: list[tuple[str, list[Any]]] = []
        made, k = 0, 0
        while made < n:
            doc_id = f"doc{k}"
            self.outlet[doc_id] = f"Outlet {rng.randrange(40)}"
            size = min(rng.randrange(6, 15), n - made)
            if recent and rng.random() < 0.05:  # a syndicated copy of a recent document
                orig_id, orig = rng.choice(recent)
                self.copies[doc_id] = (orig_id, round(rng.uniform(0.55, 0.95), 3))
                body = [self._copy(c, f"{doc_id}-c{j}", doc_id) for j, c in enumerate(orig[:size])]
                for c, o in zip(body, orig, strict=False):
                    self.truth[c.id] = self.truth[o.id]
            else:
                here = int(made / n * n_stories)  # documents report the stories of their time
                body = []
                for j in range(size):
                    story, cid = None, f"{doc_id}-c{j}"
                    self.truth[cid] = cid
                    if rng.random() < 0.4:
                        i = min(n_stories - 1, max(0, here + rng.randrange(-20, 21)))
                        story, self.truth[cid] = self.story(i), f"s{i}"
                    body.append(self.claim(cid, doc_id, story))
                recent.append((doc_id, body))
                if len(recent) > 50:
                    recent.pop(0)
            made += len(body)
            k += 1
            yield from body

    @staticmethod
    def _copy(c: Any, cid: str, doc_id: str) -> Any:
        """The same clause in a copy: a claim of its own (as read from the store), with the same content."""
        return dataclasses.replace(c, id=cid, doc_id=doc_id, actor=list(c.actor), target=list(c.target),
                                   place=list(c.place), via=list(c.via), when=copy.copy(c.when),
                                   quantity=copy.copy(c.quantity), flags=copy.deepcopy(c.flags))


# --------------------------------------------------------------------------- worker (child process)


def rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mib()


def peak_mib() -> float:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def phase(name: str) -> None:
    print(f"phase {name} rss={rss_mib():.0f}MiB", file=sys.stderr, flush=True)


def pair_quality(groups: list[list[str]], claims: list[Any], truth: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of the groups against the generator's stories: two claims from
    different documents belong together when they report one story (or one is a copy of the other).
    Recall cannot reach 1 by design: a denial, a plan or a figure-less report of a story is its own claim."""
    from collections import Counter

    doc = {c.id: c.doc_id for c in claims}
    per_class: dict[str, Counter] = {}
    for c in claims:
        per_class.setdefault(truth[c.id], Counter())[c.doc_id] += 1
    gold = sum((sum(k.values()) ** 2 - sum(v * v for v in k.values())) // 2 for k in per_class.values())
    tp = fp = 0
    for g in groups:
        for i, a in enumerate(g):
            for b in g[i + 1:]:
                if doc[a] != doc[b]:
                    if truth[a] == truth[b]:
                        tp += 1
                    else:
                        fp += 1
    return round(tp / max(1, tp + fp), 3), round(tp / max(1, gold), 3)


def conflict_quality(conflicts: list[Any], claims: list[Any], truth: dict[str, str],
                     copies: dict[str, tuple[str, float]]) -> tuple[float, float]:
    """Precision and recall of the conflicts against the generator's stories. The generator plants
    disagreements only inside a story (a report with the date or the figure wrong, a denial, an order
    given the other way round): a conflict between reports of two stories, or of a story and a one-off
    claim, is false. Planted: every pair of reports of one story, from different original documents and
    neither a plan, that the pure rules (date_conflict, number_conflict, negation_conflict, order_conflict)
    call a disagreement. A pair may be found for another of these reasons than the one planted."""
    from itertools import combinations

    from claimgraph.link.conflicts import date_conflict, negation_conflict, number_conflict, order_conflict

    def root(d: str) -> str:
        return copies[d][0] if d in copies else d

    stories: dict[str, list[Any]] = {}
    for c in claims:
        if truth[c.id].startswith("s"):
            stories.setdefault(truth[c.id], []).append(c)
    planted = set()
    for reports in stories.values():
        for a, b in combinations(reports, 2):
            if root(a.doc_id) == root(b.doc_id) or "planned" in (a.modality, b.modality):
                continue
            if date_conflict(a, b) or number_conflict(a, b) or negation_conflict(a, b) or order_conflict(a, b):
                planted.add((min(a.id, b.id), max(a.id, b.id)))
    found = {(min(c.claim_a, c.claim_b), max(c.claim_a, c.claim_b)) for c in conflicts}
    true = {k for k in found if truth[k[0]] == truth[k[1]] and truth[k[0]].startswith("s")}
    return round(len(true) / max(1, len(found)), 3), round(len(true & planted) / max(1, len(planted)), 3)


def worker(n: int) -> dict[str, Any]:
    from claimgraph.link.conflicts import find_conflicts
    from claimgraph.link.grouping import group_claims
    from claimgraph.link.story import join_story

    phase("generate")
    t0 = time.perf_counter()
    corpus = Corpus()
    claims = list(corpus.claims(n))  # group_claims takes a list
    evidence = {c.id: c.text for c in claims}
    gen_s = time.perf_counter() - t0
    rss_gen = rss_mib()
    phase("group_claims")
    t0 = time.perf_counter()
    groups = join_story(group_claims(claims, corpus.entities, corpus.copies, evidence), claims,
                        corpus.entities, corpus.copies, evidence)  # as `build` runs them
    group_s = time.perf_counter() - t0
    pair_p, pair_r = pair_quality(groups, claims, corpus.truth)
    phase("find_conflicts")
    t0 = time.perf_counter()
    conflicts = find_conflicts(claims, groups, corpus.entities, corpus.copies, corpus.outlet, evidence)
    conflict_s = time.perf_counter() - t0
    phase("done")
    conflict_p, conflict_r = conflict_quality(conflicts, claims, corpus.truth, corpus.copies)
    reasons: dict[str, int] = {}
    for c in conflicts:
        reasons[c.reason] = reasons.get(c.reason, 0) + 1
    return {"n": n, "docs": len(corpus.outlet), "copies": len(corpus.copies), "gen_s": round(gen_s, 2),
            "group_s": round(group_s, 3), "conflict_s": round(conflict_s, 3), "groups": len(groups),
            "grouped": sum(len(g) for g in groups), "pair_precision": pair_p, "pair_recall": pair_r,
            "conflicts": len(conflicts), "conflict_precision": conflict_p, "conflict_recall": conflict_r,
            "reasons": reasons,
            "rss_after_gen_mib": round(rss_gen), "peak_mib": round(peak_mib())}


# --------------------------------------------------------------------------- parent


def child_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure(n: int, timeout: float, max_rss_gib: float, gen_timeout: float) -> dict[str, Any]:
    """Run one worker; stop it past the time limit (of the measured phases; generation has its own) or past
    the memory limit."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(n)]
    err_path = Path(f"/tmp/bench-link-{os.getpid()}-{n}.err")
    with err_path.open("w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
        t0, peak_seen, why, t_measure = time.monotonic(), 0.0, None, None
        while proc.poll() is None:
            time.sleep(0.5)
            now = time.monotonic()
            peak_seen = max(peak_seen, child_rss_mib(proc.pid))
            if t_measure is None and "phase group_claims" in err_path.read_text():
                t_measure = now
            if t_measure is not None and now - t_measure > timeout:
                why = f"timeout: over {timeout:.0f} s linking"
            elif t_measure is None and now - t0 > gen_timeout:
                why = f"timeout: over {gen_timeout:.0f} s generating"
            elif peak_seen > max_rss_gib * 1024:
                why = f"over {max_rss_gib:g} GiB resident"
            if why:
                proc.kill()
                proc.wait()
                break
        out = proc.stdout.read() if proc.stdout else ""
    log = err_path.read_text()
    err_path.unlink(missing_ok=True)
    phases = [ln for ln in log.splitlines() if ln.startswith("phase ")]
    if why is None and proc.returncode == 0:
        return json.loads(out.strip().splitlines()[-1])
    end = time.monotonic()
    return {"n": n, "failed": why or f"exit {proc.returncode}: {' | '.join(log.strip().splitlines()[-3:])}",
            "phase": phases[-1].split()[1] if phases else "?",
            "linking_s": round(end - t_measure) if t_measure else 0, "peak_mib": round(peak_seen)}


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest complete run of a size (other work on the machine only ever slows a run down), with the
    highest peak memory of all runs and every run's linking time, so the spread is seen."""
    done = [r for r in runs if "failed" not in r]
    if not done:
        return runs[-1]
    out = dict(min(done, key=lambda r: r["group_s"] + r["conflict_s"]))
    out["peak_mib"] = max(r["peak_mib"] for r in done)
    out["runs_s"] = [round(r["group_s"] + r["conflict_s"], 2) for r in done]
    return out


def per_10x(a: float, b: float, na: int, nb: int) -> float:
    """Growth factor from size na to nb, normalised to 10x the claims."""
    if a <= 0:
        return float("nan")
    return (b / a) ** (1.0 / math.log10(nb / na))


def report(rows: list[dict[str, Any]]) -> bool:
    print()
    print(f"{'claims':>10} {'docs':>8} {'gen s':>7} {'group s':>9} {'conflict s':>11} {'total s':>9} "
          f"{'peak MiB':>9} {'groups':>8} {'conflicts':>10} {'pair P/R':>11} {'conflict P/R':>13}")
    for r in rows:
        if "failed" in r:
            print(f"{r['n']:>10,} {'':>8} {'':>7} stopped in {r['phase']} after {r['linking_s']} s linking "
                  f"({r['failed']}); RSS seen {r['peak_mib']:,} MiB")
            continue
        print(f"{r['n']:>10,} {r['docs']:>8,} {r['gen_s']:>7.1f} {r['group_s']:>9.2f} {r['conflict_s']:>11.2f} "
              f"{r['group_s'] + r['conflict_s']:>9.2f} {r['peak_mib']:>9,} {r['groups']:>8,} {r['conflicts']:>10,}"
              f" {r['pair_precision']:>5.3f}/{r['pair_recall']:.3f}"
              f" {r['conflict_precision']:>7.3f}/{r['conflict_recall']:.3f}"
              + (f"   (best of {len(r['runs_s'])}: {', '.join(f'{x:.2f}' for x in r['runs_s'])} s)"
                 if len(r.get("runs_s", ())) > 1 else ""))
    ok = all("failed" not in r for r in rows)
    done = [r for r in rows if "failed" not in r]
    if len(done) > 1:
        print(f"\ngrowth per 10x claims (target: time <= {MAX_GROWTH:g}x)")
        print(f"{'from':>10} {'to':>10} {'group':>8} {'conflicts':>10} {'total':>8} {'peak mem':>9}")
        for a, b in zip(done, done[1:], strict=False):
            g = per_10x(a["group_s"], b["group_s"], a["n"], b["n"])
            c = per_10x(a["conflict_s"], b["conflict_s"], a["n"], b["n"])
            t = per_10x(a["group_s"] + a["conflict_s"], b["group_s"] + b["conflict_s"], a["n"], b["n"])
            m = per_10x(a["peak_mib"], b["peak_mib"], a["n"], b["n"])
            print(f"{a['n']:>10,} {b['n']:>10,} {g:>7.1f}x {c:>9.1f}x {t:>7.1f}x {m:>8.1f}x")
            if not t <= MAX_GROWTH:
                ok = False
    for r in done:
        if r["n"] >= 1_000_000 and r["peak_mib"] > MAX_PEAK_GIB * 1024:
            ok = False
    big = [r for r in rows if r["n"] >= 1_000_000]
    print()
    if not big:
        print(f"note: no size reaches 1M claims, the memory target (< {MAX_PEAK_GIB:g} GiB at 1M) was not checked")
    verdict = "PASS" if ok else "FAIL"
    print(f"verdict: {verdict} (targets: <= {MAX_GROWTH:g}x time per 10x claims, peak < {MAX_PEAK_GIB:g} GiB "
          "at 1M claims, every size completing)")
    for r in rows:
        if "failed" in r:
            print(f"  {r['n']:,} claims did not complete: {r['failed']} (in {r['phase']})")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="claim counts to measure")
    ap.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES[0]:,} and {QUICK_SIZES[1]:,}")
    ap.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds allowed per size (default %(default)s)")
    ap.add_argument("--gen-timeout", type=float, default=GEN_TIMEOUT_S,
                    help="seconds allowed to generate one size's claims, not measured (default %(default)s)")
    ap.add_argument("--max-rss-gib", type=float, default=MAX_RSS_GIB,
                    help="stop a size past this resident memory (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=REPEAT,
                    help=f"runs per size below {REPEAT_BELOW:,} claims, the fastest counts (default %(default)s)")
    ap.add_argument("--worker", type=int, metavar="N", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)), flush=True)
        return 0
    sizes = sorted(QUICK_SIZES if args.quick else set(args.sizes))
    rows = []
    for n in sizes:
        print(f"measuring {n:,} claims ...", flush=True)
        runs = []
        for _ in range(max(1, args.repeat) if n < REPEAT_BELOW else 1):
            runs.append(r := measure(n, args.timeout, args.max_rss_gib, args.gen_timeout))
            print("  " + json.dumps(r), flush=True)
            if "failed" in r:
                break
        rows.append(best(runs))
    return 0 if report(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
