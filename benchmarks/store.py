"""News store figures: ingest throughput, near-duplicate quality, and the anchors beside them.

    .venv/bin/python benchmarks/store.py                 # everything (100k run: ~20 min)
    .venv/bin/python benchmarks/store.py --sizes 10000   # throughput at 10k only
    .venv/bin/python benchmarks/store.py --only quality  # or: throughput, orders, anchors, minhash
    .venv/bin/python benchmarks/store.py --only writer --sizes 5000  # the writing process alone

The corpus is the Multi-News dev documents (read from ../shared/data at run time; never copied)
followed by articles from ``newsprism.eval.synthetic``, written to a JSONL file in a temporary
folder and ingested with ``newsprism.store.ingest`` (boilerplate, metadata, fingerprints,
near-duplicate lookup; no spaCy parsing).  Each throughput run is its own process, so its peak
RSS is its own.  CPU seconds are printed next to wall seconds: on a shared machine the CPU rate
is the figure to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

REPO = Path(__file__).resolve().parents[1]
MULTINEWS = REPO.parent / "shared" / "data" / "multinews" / "validation.jsonl"


def load() -> str:
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def multinews_docs() -> list[dict[str, str]]:
    if not MULTINEWS.is_file():
        return []
    out = []
    with MULTINEWS.open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            for k, doc in enumerate(rec["documents"]):
                text = doc.replace("NEWLINE_CHAR", "\n").strip()
                if text:
                    out.append({"id": f"{rec['id']}-{k}", "text": text})
    return out


POLNEAR = REPO.parent / "shared" / "data" / "polnear"


def polnear_docs() -> list[dict[str, str]]:
    """The PolNeAR articles (real US election coverage from seven outlets, wire copies among
    them), read at run time."""
    out = []
    for split in ("train", "dev"):
        folder = POLNEAR / split / "text"
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                out.append({"id": f"pn-{path.stem}", "text": path.read_text(encoding="utf-8")})
    return out


def polnear_outlets() -> dict[str, str]:
    """PolNeAR's publisher of each article (``metadata.tsv``), by the ids ``polnear_docs``
    gives."""
    path = POLNEAR / "metadata.tsv"
    if not path.is_file():
        return {}
    out = {}
    with path.open(encoding="utf-8") as handle:
        head = handle.readline().rstrip("\n").split("\t")
        name, publisher = head.index("filename"), head.index("publisher")
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            out[f"pn-{cells[name]}"] = cells[publisher]
    return out


def corpus(n: int, real: bool = False, distinct: bool = False) -> list[dict[str, str]]:
    """Multi-News dev documents (and PolNeAR articles when ``real``), then synthetic ones
    (``distinct``: each generated story with its own town, people and details, see
    ``newsprism.eval.synthetic.generate``)."""
    from newsprism.eval.synthetic import generate

    docs = (multinews_docs() + (polnear_docs() if real else []))[:n]
    made = generate(n - len(docs), seed=12, distinct=distinct)
    docs += [{"id": g.name, "text": g.text, "outlet": g.outlet} for g in made]
    return docs


def write_jsonl(docs: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for d in docs:
            handle.write(json.dumps(d, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------- throughput


def run_one(
    n: int,
    workers: int,
    folder: Path,
    distinct: bool = False,
    setting: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Ingest ``n`` articles in a child process (``setting``: ``LshParams`` fields, else the
    defaults); returns its figures."""
    src = folder / f"corpus-{n}{'-distinct' if distinct else ''}.jsonl"
    if not src.exists():
        write_jsonl(corpus(n, distinct=distinct), src)
    db = folder / f"store-{n}-{workers}.db"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    code = (
        "import json, resource, sys, time\n"
        "from newsprism.store import LshParams, Store, ingest\n"
        "def tenths(marks):\n"
        "    # the writing process's ms of CPU an article in each tenth of the run\n"
        "    n, out = marks[-1][0], []\n"
        "    for k in range(10):\n"
        "        i = next(j for j, m in enumerate(marks) if m[0] >= k * n / 10)\n"
        "        e = next(j for j, m in enumerate(marks) if m[0] >= (k + 1) * n / 10)\n"
        "        if marks[e][0] > marks[i][0]:\n"
        "            out.append(1000 * (marks[e][1] - marks[i][1]) / (marks[e][0] - marks[i][0]))\n"
        "    return out\n"
        "if __name__ == '__main__':\n"
        "    t, c = time.perf_counter(), time.process_time()\n"
        "    marks = [(0, c)]\n"
        "    def seen(report):  # after each batch (progress, not on_batch: that waits for writes)\n"
        "        marks.append((report.new + report.versions, time.process_time()))\n"
        f"    with Store.open({str(db)!r}) as s:\n"
        f"        s.set_lsh_params(LshParams(**{setting or {}!r}))\n"
        f"        r = ingest(s, [{str(src)!r}], workers={workers}, batch_size=500,\n"
        "                   progress=seen, progress_every=0)\n"
        "        rels = sum(r.relations.values())\n"
        "    wall, cpu = time.perf_counter() - t, time.process_time() - c\n"
        "    kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "    me = resource.getrusage(resource.RUSAGE_SELF)\n"
        "    print(json.dumps({'articles': r.articles, 'new': r.new, 'wall': wall, 'cpu': cpu,\n"
        "        'cpu_children': kids.ru_utime + kids.ru_stime, 'rss_mb': me.ru_maxrss / 1024,\n"
        "        'rss_children_mb': kids.ru_maxrss / 1024, 'relations': rels,\n"
        "        'by_kind': dict(r.relations), 'tenths': tenths(marks),\n"
        "        'thread_cpu': r.write_thread_cpu, 'waited': r.write_waited}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    got = cast(dict[str, Any], json.loads(out.stdout.strip().splitlines()[-1]))
    size = sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())
    got["db_mb"] = size / 1e6
    db.unlink(missing_ok=True)
    Path(f"{db}-wal").unlink(missing_ok=True)
    Path(f"{db}-shm").unlink(missing_ok=True)
    return got


def _ends(tenths: list[float]) -> list[float]:
    """The first, middle and last of the per-tenth figures: flat when the cost per article
    does not grow with the store."""
    return [tenths[0], tenths[len(tenths) // 2], tenths[-1]] if tenths else []


def throughput(
    sizes: list[int],
    workers: list[int],
    folder: Path,
    distinct: bool = False,
    setting: dict[str, Any] | None = None,
) -> None:
    kind = "distinct" if distinct else "templated"
    lsh = f"; LshParams {setting}" if setting else ""
    print(f"\n## Ingest throughput ({kind} generated stories; {load()}{lsh})")
    print(
        "| articles | workers | wall s | articles/s (wall) | CPU s (all processes) | "
        "articles per CPU s | writer (its SQL thread) / workers ms CPU an article | "
        "writer's waits for its SQL thread s | writer ms CPU an article, "
        "first / middle / last tenth | peak RSS MB (main / worker) | relations | store MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        for w in workers:
            g = run_one(n, w, folder, distinct, setting)
            cpu = g["cpu"] + g["cpu_children"]
            print(
                f"| {g['articles']:,} | {w} | {g['wall']:.0f} | {g['articles'] / g['wall']:.0f} "
                f"| {cpu:.0f} | {g['articles'] / cpu:.0f} "
                f"| {1000 * g['cpu'] / g['articles']:.2f} "
                f"({1000 * g.get('thread_cpu', 0.0) / g['articles']:.2f}) / "
                f"{1000 * g['cpu_children'] / g['articles']:.2f} "
                f"| {g.get('waited', 0.0):.1f} "
                f"| {' / '.join(f'{x:.2f}' for x in _ends(g['tenths']))} | {g['rss_mb']:.0f} / "
                f"{g['rss_children_mb']:.0f} | {g['relations']:,} | {g['db_mb']:.0f} |",
                flush=True,
            )
    print(f"({load()} at the end)")


def writer(
    n: int,
    reps: int,
    folder: Path,
    setting: dict[str, Any] | None = None,
    distinct: bool = False,
) -> None:
    """CPU of the writing process alone, which sets the pace of an ingest with workers: ``n``
    articles prepared first (boilerplate, metadata, fingerprints; not timed), then stored with
    ``Store.add`` in transactions of 500 (candidates, pair measures, SQLite and FTS5); best of
    ``reps`` runs, each into a new store; ``setting``: ``LshParams`` fields (``--lsh``)."""
    from newsprism.ingest.stream import iter_inputs
    from newsprism.model import Article
    from newsprism.store import Store
    from newsprism.store.db import identity_key
    from newsprism.store.ingest import prepare
    from newsprism.store.neardup import LshParams

    src = folder / f"corpus-{n}{'-distinct' if distinct else ''}.jsonl"
    if not src.exists():
        write_jsonl(corpus(n, distinct=distinct), src)
    read = [a for a in iter_inputs([str(src)]) if isinstance(a, Article)]
    best, rels = float("inf"), 0
    params = LshParams(**(setting or {}))
    for rep in range(reps):
        todo = prepare([(identity_key(a), a) for a in read], params)
        db = folder / f"writer-{rep}.db"
        with Store.open(db) as store:
            store.set_lsh_params(params)
            started = time.process_time()
            for i in range(0, len(todo), 500):
                with store.batch():
                    for key, article, fp, _ in todo[i : i + 500]:
                        store.add(article, key=key, fingerprint=fp)
            best = min(best, time.process_time() - started)
            rels = store.conn.execute("SELECT count(*) FROM relations").fetchone()[0]
    kind = "distinct" if distinct else "templated"
    print(f"\n## Writing process ({kind} stories; {load()}; LshParams {setting or 'defaults'})")
    print(
        "| articles | best of | writer ms CPU an article | articles per writer CPU s | relations |"
    )
    print("|---|---|---|---|---|")
    print(
        f"| {len(todo):,} | {reps} | {1000 * best / len(todo):.2f} | {len(todo) / best:.0f} | {rels:,} |"
    )


# ---------------------------------------------------------------------------------- quality


def exact_relations(articles: list[Any]) -> set[tuple[str, str, str]]:
    from newsprism.eval.news_sample import exact_relations as exact

    return {(r.a, r.b, r.kind) for r in exact(articles)}


def ingested(
    db: Path, src: Path, setting: dict[str, Any]
) -> tuple[float, list[Any], set[tuple[str, str, str]], list[int]]:
    """``src`` ingested into a new store ``db`` with the LSH ``setting``: the seconds it took,
    the stored articles, their relations and the index rows (bands, containment)."""
    from newsprism.store import LshParams, Store, ingest

    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    with Store.open(db) as store:
        store.set_lsh_params(LshParams(**setting))
        t = time.perf_counter()
        ingest(store, [str(src)], batch_size=500)
        took = time.perf_counter() - t
        arts = [s.article for s in store.articles()]
        got = {(r.a, r.b, r.kind) for r in store.relations()}
        rows = [
            store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("lsh_bands", "containment")
        ]
    return took, arts, got, rows


REAL = ("validation", "pn-")
_STORY = re.compile(r"(story\d+)_\d+$")  # the generator's names: story{story}_{outlet}


def one_story(rel: tuple[str, str, str]) -> bool:
    """Whether a pair is two outlets' reports of one generated story (the generator's copies
    by construction), not two stories that share template sentences."""
    a, b = _STORY.match(rel[0]), _STORY.match(rel[1])
    return a is not None and b is not None and a.group(1) == b.group(1)


def quality(n: int, folder: Path, settings: list[dict[str, Any]], distinct: bool = False) -> None:
    """Recall and precision of each setting against ``links``' all-pairs answer.  The
    generated stories are templated (the default: stories of one topic share their template
    sentences, so two *different* stories are often copies by ``brief``'s rule) or
    ``distinct`` (each story its own town, people and details: copies are mostly within one
    story, as in real news)."""

    kind = "distinct" if distinct else "templated"
    print(
        f"\n## Near-duplicates against exact all-pairs ({n:,} articles, {kind} stories; {load()})"
    )
    src = folder / f"quality-{n}-{kind}.jsonl"
    write_jsonl(corpus(n, real=True, distinct=distinct), src)
    exact: set[tuple[str, str, str]] | None = None
    print(
        "| settings | ingest s | copies recall | copies precision | passages recall | "
        "passages precision | real-news copies recall | real-news copies precision | "
        "real-news passages recall | generated copies of one story recall | "
        "generated passages of one story recall | index rows (bands / containment) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for setting in settings:
        took, arts, got, rows = ingested(folder / "quality.db", src, setting)
        if exact is None:
            t = time.perf_counter()
            exact = exact_relations(arts)
            print(f"(exact all-pairs answer: {time.perf_counter() - t:.0f} s)")

        def pr(
            want: set[tuple[str, str, str]], have: set[tuple[str, str, str]]
        ) -> tuple[float, float]:
            hit = len(want & have)
            return hit / max(1, len(want)), hit / max(1, len(have))

        def part(rels: set[tuple[str, str, str]], copies: bool, real: bool = False) -> set[Any]:
            keep = {r for r in rels if (r[2] != "shares_passages") == copies}
            if real:
                keep = {r for r in keep if r[0].startswith(REAL) and r[1].startswith(REAL)}
            return keep

        cr, cp = pr(part(exact, True), part(got, True))
        sr, sp = pr(part(exact, False), part(got, False))
        rr, rp = pr(part(exact, True, True), part(got, True, True))
        pr_, _ = pr(part(exact, False, True), part(got, False, True))
        sr_, _ = pr({r for r in part(exact, True) if one_story(r)}, part(got, True))
        sp_, _ = pr({r for r in part(exact, False) if one_story(r)}, part(got, False))
        name = ", ".join(f"{k}={v}" for k, v in setting.items()) or "defaults"
        print(
            f"| {name} | {took:.0f} | {cr:.3f} | {cp:.3f} | {sr:.3f} | {sp:.3f} | "
            f"{rr:.3f} | {rp:.3f} | {pr_:.3f} | {sr_:.3f} | {sp_:.3f} | "
            f"{rows[0]:,} / {rows[1]:,} |",
            flush=True,
        )
    assert exact is not None
    kinds: dict[str, int] = {}
    for r in exact:
        kinds[r[2]] = kinds.get(r[2], 0) + 1
    real = len(part(exact, True, True))
    real_p = len(part(exact, False, True))
    print(
        f"exact relations: {kinds}; between real-news documents: {real} copies, "
        f"{real_p} shared passages; within one generated story: "
        f"{sum(one_story(r) for r in part(exact, True))} copies, "
        f"{sum(one_story(r) for r in part(exact, False))} shared passages"
    )


def news_sample(n: int, seed: int = 5) -> list[Any]:
    """Every real article (Multi-News dev documents; PolNeAR train and dev texts under their
    publishers) and articles derived from them to make ``n`` (``newsprism.eval.news_sample``:
    wire copies, later versions, roundups, teasers), in order of arrival."""
    from newsprism.eval.news_sample import SampleArticle, build

    outlets = polnear_outlets()
    real = [
        SampleArticle(d["id"], d["text"], outlets.get(d["id"]))
        for d in multinews_docs() + polnear_docs()
    ]
    return build(real, n, seed=seed)


def quality_news(n: int, folder: Path, settings: list[dict[str, Any]], seed: int = 5) -> None:
    """Recall and precision against ``links``' all-pairs answer on the news sample, by relation
    and by kind of pair (real-real, a derived article and its source, a derived article and
    another real one, two derived ones)."""
    from newsprism.eval.news_sample import KINDS, PAIRS, RELATIONS, pair_kind, tally

    sample = news_sample(n, seed)
    if not any(a.kind == "real" for a in sample):
        print("(../shared/data is absent: no news sample)")
        return
    by_id = {a.id: a for a in sample}
    made = {k: sum(a.kind == k for a in sample) for k in ("real", *KINDS)}
    chained = sum(a.source is not None and by_id[a.source].kind != "real" for a in sample)
    print(
        f"\n## Near-duplicates against exact all-pairs, news sample ({len(sample):,} articles, "
        f"seed {seed}; {load()})"
    )
    print(f"articles by kind: {made}; made from a derived article: {chained}")
    src = folder / f"quality-{n}-news.jsonl"
    write_jsonl([a.record() for a in sample], src)
    exact: set[tuple[str, str, str]] | None = None
    head = [*RELATIONS, "copies", "all"]
    print(
        "| settings | ingest s | "
        + " | ".join(f"{h} recall (precision)" for h in head)
        + " | "
        + " | ".join(f"{p} recall" for p in PAIRS)
        + " | index rows (bands / containment) |"
    )
    print("|---|---|" + "---|" * (len(head) + len(PAIRS) + 1))
    details = []
    for setting in settings:
        took, arts, got, rows = ingested(folder / "quality-news.db", src, setting)
        if exact is None:
            assert len(arts) == len(sample), (len(arts), len(sample))
            t = time.perf_counter()
            exact = exact_relations(arts)
            print(f"(exact all-pairs answer: {time.perf_counter() - t:.0f} s)")
        t_ = tally(exact, got, by_id)
        none = type(next(iter(t_.values())))(0, 0, 0)
        name = ", ".join(f"{k}={v}" for k, v in setting.items()) or "defaults"
        cells = [f"{t_.get(h, none).recall:.3f} ({t_.get(h, none).precision:.3f})" for h in head]
        cells += [f"{t_.get(p, none).recall:.3f}" for p in PAIRS]
        print(
            f"| {name} | {took:.0f} | " + " | ".join(cells) + f" | {rows[0]:,} / {rows[1]:,} |",
            flush=True,
        )
        details.append((name, t_, got))
    assert exact is not None
    print(
        "\nExact pairs found, by relation and kind of pair (found of exact; extra: found, not exact)"
    )
    print("| settings | relation | " + " | ".join(PAIRS) + " |")
    print("|---|---|" + "---|" * len(PAIRS))
    for name, t_, _ in details:
        for rel in RELATIONS:
            cells = []
            for p in PAIRS:
                g = t_.get(f"{rel} {p}")
                cells.append(
                    f"{g.hit} of {g.want}" + (f" (+{g.have - g.hit})" if g.have > g.hit else "")
                    if g
                    else "-"
                )
            print(f"| {name} | {rel} | " + " | ".join(cells) + " |")
    # what each derived kind is to its source in the exact answer
    to_source: dict[str, dict[str, int]] = {k: {} for k in KINDS}
    for a, b, rel in exact:
        x, y = by_id[a], by_id[b]
        if pair_kind(x, y) == "derived-source":
            d = x if x.source == y.id else y
            to_source[d.kind][rel] = to_source[d.kind].get(rel, 0) + 1
    print("\nEach derived kind and its source in the exact answer (the rest: no relation)")
    print("| kind | made | " + " | ".join(RELATIONS) + " |")
    print("|---|---|" + "---|" * len(RELATIONS))
    for k in KINDS:
        print(
            f"| {k} | {made[k]} | "
            + " | ".join(str(to_source[k].get(r, 0)) for r in RELATIONS)
            + " |"
        )


def orders(settings: list[dict[str, Any]]) -> None:
    """Real-news copies found when the documents arrive in reading order and in the reverse
    order (a short article after the long one that copies it, and before it), against the
    all-pairs answer of each order."""
    from newsprism.store import LshParams, Store

    docs = multinews_docs() + polnear_docs()
    if not docs:
        print("(../shared/data is absent: no real-news orders table)")
        return
    print(f"\n## Real-news copies in both arrival orders ({len(docs):,} documents; {load()})")
    print(
        "| settings | copies found, reading order | copies found, reverse order | "
        "extra (not in the exact answer) | index rows (bands / containment) | s |"
    )
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        exact: dict[str, set[tuple[str, str, str]]] = {}
        for setting in settings:
            cells, extra, rows, took = [], 0, [0, 0], 0.0
            for order in ("reading", "reverse"):
                db = folder / f"{order}.db"
                src = folder / f"{order}.jsonl"
                write_jsonl(docs if order == "reading" else docs[::-1], src)
                with Store.open(db) as store:
                    store.set_lsh_params(LshParams(**setting))
                    t = time.perf_counter()
                    from newsprism.store import ingest

                    ingest(store, [str(src)], batch_size=500)
                    took += time.perf_counter() - t
                    if order not in exact:
                        arts = [s.article for s in store.articles()]
                        exact[order] = {
                            r for r in exact_relations(arts) if r[2] != "shares_passages"
                        }
                    got = {
                        (r.a, r.b, r.kind) for r in store.relations() if r.kind != "shares_passages"
                    }
                    rows = [
                        store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                        for t in ("lsh_bands", "containment")
                    ]
                for p in folder.glob(f"{order}.db*"):
                    p.unlink()
                want = exact[order]
                cells.append(f"{len(got & want)} of {len(want)}")
                extra += len(got - want)
            name = ", ".join(f"{k}={v}" for k, v in setting.items()) or "defaults"
            print(
                f"| {name} | {cells[0]} | {cells[1]} | {extra} | {rows[0]:,} / {rows[1]:,} | "
                f"{took:.0f} |",
                flush=True,
            )


# ---------------------------------------------------------------------------------- anchors


def anchors(n_pages: int, folder: Path) -> None:
    """trafilatura alone on HTML pages vs the same pages ingested from a WARC."""
    import io

    import trafilatura
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from newsprism.store import Store, ingest

    print(f"\n## Anchor: trafilatura alone vs ingest from WARC ({load()})")
    docs = corpus(n_pages)
    pages = []
    for d in docs:
        paras = "".join(f"<p>{p}</p>" for p in d["text"].split("\n") if p.strip())
        pages.append(
            f"<html><head><title>{d['id']}</title></head><body><article>{paras}</article>"
            "</body></html>"
        )
    t = time.perf_counter()
    for html in pages:
        trafilatura.bare_extraction(html, with_metadata=True)
    alone = time.perf_counter() - t
    path = folder / "pages.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i, html in enumerate(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            rec = writer.create_warc_record(
                f"https://news.example/{i}",
                "response",
                payload=io.BytesIO(html.encode()),
                http_headers=headers,
            )
            writer.write_record(rec)
    db = folder / "warc.db"
    with Store.open(db) as store:
        t = time.perf_counter()
        report = ingest(store, [str(path)], batch_size=500)
        full = time.perf_counter() - t
    print("| what | pages | s | pages/s |")
    print("|---|---|---|---|")
    print(
        f"| trafilatura.bare_extraction alone | {len(pages)} | {alone:.1f} | {len(pages) / alone:.0f} |"
    )
    print(
        f"| newsprism ingest of the same pages from a .warc.gz | {report.articles} | {full:.1f} | "
        f"{report.articles / full:.0f} |"
    )


def minhash_peers(n: int) -> None:
    """MinHash signatures and LSH: datasketch vs rensa vs the store's own (numpy + SQLite)."""
    import numpy as np

    from newsprism.model import Article
    from newsprism.store import LshParams
    from newsprism.store.neardup import MinHasher, _BucketCache, buckets, profile

    print(f"\n## MinHash and LSH: datasketch vs rensa vs the store's ({n:,} articles; {load()})")
    arts = [Article(d["id"], "", d["text"]) for d in corpus(n)]
    cache: dict[str, int] = {}
    sets = [np.unique(profile(a, cache).hashes) for a in arts]
    sets = [s for s in sets if len(s)]
    perm = 64
    rows = []

    # ours: numpy signatures, bands as SQLite rows
    hasher = MinHasher(perm)
    t = time.perf_counter()
    sigs = [hasher.signature(s) for s in sets]
    ours_sig = time.perf_counter() - t
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE lsh_bands (bucket INTEGER, article INTEGER, PRIMARY KEY (bucket, article)) "
        "WITHOUT ROWID"
    )
    params = LshParams(num_perm=perm, bands=64, rows=1)
    t = time.perf_counter()
    for i, sig in enumerate(sigs):
        conn.executemany(
            "INSERT OR IGNORE INTO lsh_bands VALUES (?, ?)", [(b, i) for b in buckets(sig, params)]
        )
    ours_ins = time.perf_counter() - t
    t = time.perf_counter()
    for sig in sigs:
        bs = buckets(sig, params)
        conn.execute(
            f"SELECT article FROM lsh_bands WHERE bucket IN ({','.join('?' * len(bs))})", bs
        ).fetchall()
    sql_q = time.perf_counter() - t
    conn.execute("CREATE TABLE article_shingles (article INTEGER PRIMARY KEY)")
    cache = _BucketCache(conn)
    t = time.perf_counter()
    for sig in sigs:
        cache.lookup(buckets(sig, params))
    ours_q = time.perf_counter() - t
    rows.append(
        ("newsprism signatures (numpy); bands in SQLite, queried by SQL", ours_sig, ours_ins, sql_q)
    )
    rows.append(
        (
            "newsprism: the same bands, queried in their sorted in-memory copy (the store's path)",
            0.0,
            0.0,
            ours_q,
        )
    )

    # datasketch
    from datasketch import MinHash, MinHashLSH

    t = time.perf_counter()
    ds = []
    for s in sets:
        m = MinHash(num_perm=perm, hashfunc=lambda x: x)
        m.update_batch((s & np.uint64(0xFFFFFFFF)).astype(np.uint64).tolist())
        ds.append(m)
    ds_sig = time.perf_counter() - t
    lsh = MinHashLSH(num_perm=perm, params=(64, 1))
    t = time.perf_counter()
    for i, m in enumerate(ds):
        lsh.insert(i, m)
    ds_ins = time.perf_counter() - t
    t = time.perf_counter()
    for m in ds:
        lsh.query(m)
    ds_q = time.perf_counter() - t
    rows.append(
        ("datasketch 2.0 (MinHash.update_batch; MinHashLSH in memory)", ds_sig, ds_ins, ds_q)
    )

    # rensa
    try:
        import rensa
    except ImportError:
        print("(rensa not installed: pip install rensa==0.5.0)")
    else:
        t = time.perf_counter()
        rm = []
        for s in sets:
            m = rensa.RMinHash(num_perm=perm, seed=1)
            m.update([str(int(x)) for x in s])
            rm.append(m)
        rs_sig = time.perf_counter() - t
        t = time.perf_counter()
        flat = np.concatenate(sets).astype(np.uint64)
        offsets = np.concatenate([[0], np.cumsum([len(s) for s in sets])]).astype(np.uint64)
        rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, perm, 1)
        rs_batch = time.perf_counter() - t
        rl = rensa.RMinHashLSH(threshold=0.02, num_perm=perm, num_bands=64)
        t = time.perf_counter()
        for i, m in enumerate(rm):
            rl.insert(i, m)
        rs_ins = time.perf_counter() - t
        t = time.perf_counter()
        for m in rm:
            rl.query(m)
        rs_q = time.perf_counter() - t
        rows.append(
            ("rensa 0.5 (RMinHash.update of strings; RMinHashLSH in memory)", rs_sig, rs_ins, rs_q)
        )
        rows.append(
            ("rensa 0.5 (digest matrix from pre-hashed shingles, one call)", rs_batch, 0.0, 0.0)
        )
    print("| implementation | signatures/s | LSH inserts/s | LSH queries/s |")
    print("|---|---|---|---|")
    for name, sig, ins, q in rows:
        rate = lambda x: f"{len(sets) / x:,.0f}" if x > 0 else "-"  # noqa: E731
        print(f"| {name} | {rate(sig)} | {rate(ins)} | {rate(q)} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--quality-n", type=int, default=5000)
    ap.add_argument(
        "--seed",
        type=int,
        default=5,
        help="the news sample's seed (--stories news; 5 is the one reported)",
    )
    ap.add_argument(
        "--stories",
        default="templated,distinct,news",
        help="generated stories: templated (stories of a topic share template sentences), "
        "distinct (each story its own town, people and details), news (real articles and "
        "copies derived from them, newsprism.eval.news_sample), or a list (--only quality; "
        "throughput and writer read templated ones unless this is 'distinct')",
    )
    ap.add_argument(
        "--only", choices=("throughput", "quality", "orders", "anchors", "minhash", "writer")
    )
    ap.add_argument("--reps", type=int, default=3, help="runs of --only writer (best is kept)")
    ap.add_argument(
        "--lsh",
        default="",
        help="LshParams of --only writer and --only throughput as JSON, e.g. "
        "'{\"anchor_window\": 8}' (--only quality: a list of them, instead of the table's "
        "own settings)",
    )
    args = ap.parse_args()
    if not MULTINEWS.is_file():
        print("(../shared/data/multinews is absent: synthetic articles only)")
    sizes = [int(x) for x in args.sizes.split(",") if x]
    workers = [int(x) for x in args.workers.split(",") if x]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only in (None, "minhash"):
            minhash_peers(args.quality_n)
        if args.only in (None, "anchors"):
            anchors(1000, folder)
        if args.only in (None, "quality"):
            chosen = json.loads(args.lsh) if args.lsh else None
            settings = (
                chosen
                if isinstance(chosen, list)
                else [chosen]
                if chosen
                else [
                    {},
                    {"bucket_keep": "first"},  # the default before 2026-12-04 19:30
                    {"containment_candidates": 0},  # the LSH alone
                    {"max_candidates": 100, "passage_candidates": 30},
                    {"bucket_cap": 64},
                    {"bucket_cap": 1_000_000},  # no cap
                    {"neighbour_candidates": 300, "neighbour_keep": 32},
                    {"neighbour_candidates": 600, "neighbour_keep": 64},
                    {"passage_lookup": 0},  # no passage lookup (before 2026-12-04 23:00)
                    {"anchor_window": 8},  # more anchors: passages down to 8 shingles
                ]
            )
            for kind in args.stories.split(","):
                if kind == "news":
                    quality_news(
                        args.quality_n,
                        folder,
                        settings if chosen else [{}, {"passage_lookup": 0, "anchor_window": 16}],
                        args.seed,
                    )
                else:
                    quality(args.quality_n, folder, settings, distinct=kind == "distinct")
        if args.only in (None, "orders"):
            chosen = json.loads(args.lsh) if args.lsh else None
            orders(
                chosen
                if isinstance(chosen, list)
                else [{}, {"anchor_window": 0}, {"anchor_window": 8}, {"anchor_window": 32}]
            )
        if args.only in (None, "throughput"):
            setting = json.loads(args.lsh) if args.lsh else None
            throughput(sizes, workers, folder, args.stories == "distinct", setting)
        if args.only == "writer":
            lsh = json.loads(args.lsh) if args.lsh else None
            writer(sizes[0], args.reps, folder, lsh, args.stories == "distinct")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n(benchmark process peak RSS {peak:.0f} MB)")


if __name__ == "__main__":
    main()
