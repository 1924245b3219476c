"""Why the store misses the pairs it misses on the news sample: counts, by reason.

    .venv/bin/python benchmarks/store_misses.py                 # defaults
    .venv/bin/python benchmarks/store_misses.py --lsh '{"passage_lookup": 40}'

The news sample of ``benchmarks/store.py --only quality --stories news`` (real articles and
copies derived from them, ``newsprism.eval.news_sample``) is ingested once with the index's
steps recorded (which stored articles the bands offered each new article, which the containment
index offered, and the whole ranked list of passage partners before its cut), then each pair of
the exact all-pairs answer the store lacks is put under the first reason that explains it:

- ``passage partner past the cut``: offered for a passage check, ranked past ``passage_lookup``;
- ``measured, no passage check``: a band or containment candidate, not a copy, not among the
  first ``passage_candidates`` of those nor a passage partner;
- ``shares buckets, not offered``: the two share LSH buckets, but the bands did not offer the
  older one (a bucket offers its newest ``bucket_cap``; at most ``max_candidates`` in all);
- ``common keys only``: the two share index keys, each held by ``passage_common`` articles or
  more when the newer one arrived (or, for a short article, too few shared shingles left);
- ``no shared key``: no key of the containment index in common (a shared run shorter than
  ``anchor_window`` shingles, or a short article's key that was full);
- ``other``.
Counts only; no pair is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import store as bench  # noqa: E402  (benchmarks/store.py: the sample and the exact answer)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=5, help="the news sample's seed")
    ap.add_argument("--lsh", default="", help="LshParams as JSON")
    args = ap.parse_args()

    from newsprism.eval.news_sample import pair_kind
    from newsprism.store import LshParams, Store, ingest
    from newsprism.store import neardup as nd

    setting = json.loads(args.lsh) if args.lsh else {}
    sample = bench.news_sample(args.n, args.seed)
    if not any(a.kind == "real" for a in sample):
        print("(../shared/data is absent: no news sample)")
        return
    by_id = {a.id: a for a in sample}
    seen: dict[str, dict[int, Any]] = {"bands": {}, "contained": {}, "partners": {}}
    current = [0]
    relate, candidates, contained, partners = (
        nd.NearDuplicateIndex.relate,
        nd.NearDuplicateIndex.candidates,
        nd.NearDuplicateIndex._contained,
        nd.NearDuplicateIndex.passage_partners,
    )

    def relate_(self: Any, rowid: int, *a: Any, **k: Any) -> Any:
        current[0] = rowid
        return relate(self, rowid, *a, **k)

    def candidates_(self: Any, *a: Any, **k: Any) -> Any:
        got = candidates(self, *a, **k)
        seen["bands"][current[0]] = set(got[0])
        return got

    def contained_(self: Any, *a: Any, **k: Any) -> Any:
        got = contained(self, *a, **k)
        seen["contained"][current[0]] = set(got[0])
        return got

    def partners_(self: Any, rowid: int, *a: Any) -> Any:
        params = self.params
        self.params = replace(params, passage_lookup=10**9)
        try:
            ranked = partners(self, rowid, *a)  # the candidates first, then every other
        finally:
            self.params = params
        measured = a[2] if len(a) > 2 else set()
        fresh = [i for i in ranked if i not in measured]
        seen["partners"][rowid] = {i: r for r, i in enumerate(fresh)} | {
            i: -1 for i in ranked if i in measured
        }
        return partners(self, rowid, *a)

    nd.NearDuplicateIndex.relate = relate_  # type: ignore[method-assign]
    nd.NearDuplicateIndex.candidates = candidates_  # type: ignore[method-assign]
    nd.NearDuplicateIndex._contained = contained_  # type: ignore[method-assign]
    nd.NearDuplicateIndex.passage_partners = partners_  # type: ignore[method-assign]

    params = LshParams(**setting)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "news.jsonl"
        bench.write_jsonl([a.record() for a in sample], src)
        with Store.open(Path(tmp) / "news.db") as store:
            store.set_lsh_params(params)
            t = time.perf_counter()
            ingest(store, [str(src)], batch_size=500)
            took = time.perf_counter() - t
            rows = store.conn.execute("SELECT id, name FROM articles").fetchall()
            rowid = {name: i for i, name in rows}
            arts = [s.article for s in store.articles()]
            exact = bench.exact_relations(arts)
            got = {(r.a, r.b, r.kind) for r in store.relations()}
            keys: dict[int, np.ndarray] = {}
            for key, art in store.conn.execute("SELECT key, article FROM containment"):
                keys.setdefault(art, []).append(key)  # type: ignore[arg-type]
            bands: dict[int, set[int]] = {}
            for bucket, art in store.conn.execute("SELECT bucket, article FROM lsh_bands"):
                bands.setdefault(art, set()).add(bucket)
            sizes = dict(
                store.conn.execute("SELECT article, shingles FROM containment_articles").fetchall()
            )
    keysets = {a: np.unique(np.array(k, dtype=np.int64)) for a, k in keys.items()}
    holders: dict[int, list[int]] = {}
    for a, ks in keysets.items():
        for k in ks.tolist():
            holders.setdefault(k, []).append(a)
    common = min(params.containment_cap, params.passage_common)

    def reason(a: int, b: int) -> str:
        rank = seen["partners"].get(b, {}).get(a)
        if rank is not None:
            return (
                "passage partner past the cut"
                if rank >= params.passage_lookup
                else "offered, not found"
            )
        if a in seen["bands"].get(b, set()) or a in seen["contained"].get(b, set()):
            return "measured, no passage check"
        if bands.get(a, set()) & bands.get(b, set()):
            return "shares buckets, not offered (newest bucket_cap a bucket, max_candidates)"
        shared = np.intersect1d(
            keysets.get(a, np.zeros(0, np.int64)), keysets.get(b, np.zeros(0, np.int64))
        )
        if not len(shared):
            return "no shared key"
        if all(sum(h < b for h in holders[k]) >= common for k in shared.tolist()):
            return "common keys only"
        if sizes.get(a, 0) <= params.short_shingles or sizes.get(b, 0) <= params.short_shingles:
            return "short article, too few usable shared keys"
        return "other"

    def root(i: str) -> str:
        while by_id[i].source is not None:
            i = by_id[i].source  # type: ignore[assignment]
        return i

    story = Counter(root(a.id) for a in sample)  # articles a real article and its copies make

    def size(x: str, y: str) -> str:
        n = max(story[root(x)], story[root(y)])
        return "1-8" if n <= 8 else "9-32" if n <= 32 else "33+"

    missed = Counter()
    total = Counter()
    by_size, all_size = Counter(), Counter()
    for x, y, kind in exact:
        all_size[size(x, y)] += 1
        if (x, y, kind) not in got:
            by_size[size(x, y)] += 1
    for x, y, kind in exact:
        pair = pair_kind(by_id[x], by_id[y])
        total[(kind, pair)] += 1
        if (x, y, kind) in got:
            continue
        a, b = sorted((rowid[x], rowid[y]))
        missed[(kind, pair, reason(a, b))] += 1
    name = ", ".join(f"{k}={v}" for k, v in setting.items()) or "defaults"
    print(f"## Pairs the store misses on the news sample, by reason ({name}; ingest {took:.0f} s)")
    print("| relation | kind of pair | exact | missed | reason | pairs |")
    print("|---|---|---|---|---|---|")
    for kind, pair in sorted(total):
        lost = {r: n for (k, p, r), n in missed.items() if (k, p) == (kind, pair)}
        for r, n in sorted(lost.items(), key=lambda x: -x[1]):
            print(f"| {kind} | {pair} | {total[(kind, pair)]} | {sum(lost.values())} | {r} | {n} |")
    print("| all | | " + f"{sum(total.values())} | {sum(missed.values())} | | |")
    by_reason = Counter()
    for (_, _, r), n in missed.items():
        by_reason[r] += n
    print("by reason:", dict(by_reason.most_common()))
    print(
        "missed of exact, by the size of the larger story of the pair (a real article and "
        "all made from it): "
        + ", ".join(f"{k}: {by_size[k]} of {all_size[k]}" for k in ("1-8", "9-32", "33+"))
        + f"; stories of 33 or more: {sum(n > 32 for n in story.values())}"
    )
    # the passage partners' ranked lists: how far past the cut the missed ones stood, and how
    # many places above the cut went to articles the bands or containment offered anyway
    ranks = Counter()
    for x, y, kind in exact:
        if (x, y, kind) in got:
            continue
        a, b = sorted((rowid[x], rowid[y]))
        rank = seen["partners"].get(b, {}).get(a)
        if rank is not None and rank >= params.passage_lookup:
            ranks[next(f"< {c}" for c in (40, 64, 128, 256, 10**9) if rank < c)] += 1
    print("missed partners by rank:", dict(sorted(ranks.items())))
    lists = [r for r in seen["partners"].values() if r]
    taken = sum(
        sum(
            1
            for i, r in ranked.items()
            if r < params.passage_lookup
            and (i in seen["bands"].get(b, set()) or i in seen["contained"].get(b, set()))
            and r >= 0
        )
        for b, ranked in seen["partners"].items()
    )
    over = sum(len(r) > params.passage_lookup for r in lists)
    print(
        f"articles with passage partners: {len(lists)}, with more than the cut: {over}; "
        f"places above the cut taken by band or containment candidates: {taken} of "
        f"{sum(min(len(r), params.passage_lookup) for r in lists)}; partners a list: "
        f"median {np.median([len(r) for r in lists]):.0f}, 90th percentile "
        f"{np.percentile([len(r) for r in lists], 90):.0f}, most {max(len(r) for r in lists)}"
    )


if __name__ == "__main__":
    main()
