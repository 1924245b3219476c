"""The stage timers of the store-path benchmark (``benchmarks/stages.py``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any


class _Work:
    def __init__(self, clock: list[float]) -> None:
        self.clock = clock

    def outer(self) -> int:
        self.clock[0] += 2.0
        got = self.inner()
        self.clock[0] += 1.0
        return got + 1

    def inner(self) -> int:
        self.clock[0] += 5.0
        return 1


def test_a_nested_stage_is_counted_once_in_the_innermost(
    benchmark_module: Callable[[str], Any],
) -> None:
    stages = benchmark_module("stages")
    clock = [0.0]
    timer = stages.StageTimer()
    timer._clock = lambda: clock[0]
    timer.wrap(_Work, "outer", "outer")
    timer.wrap(_Work, "inner", "inner")
    assert _Work(clock).outer() == 2  # the wrapped methods still return what they return
    assert timer.snapshot() == {"outer": 3.0, "inner": 5.0}
    _Work(clock).inner()
    assert timer.snapshot() == {"outer": 3.0, "inner": 10.0}


def test_deltas_and_this_process_cpu(benchmark_module: Callable[[str], Any]) -> None:
    stages = benchmark_module("stages")
    rows = [{"n": 10.0, "a": 1.0}, {"n": 25.0, "a": 4.0, "b": 2.0}]
    assert stages.deltas(rows) == [{"n": 10.0, "a": 1.0}, {"n": 15.0, "a": 3.0, "b": 2.0}]
    if os.path.isdir("/proc/self"):
        assert stages.proc_cpu(os.getpid()) is not None
        assert os.getpid() not in stages.children()
    assert stages.proc_cpu(-1) is None


def test_a_spawned_process_skips_the_benchmarks_imports() -> None:
    """The ingest workers and the grouping process of ``benchmarks/stories.py --store`` run the
    module again as ``__mp_main__``: they must not pay its imports (scikit-learn through
    ``newsprism.api``), which ``newsprism ingest --stories``'s processes never do."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "stories.py"
    code = (
        "import runpy, sys\n"
        f"runpy.run_path({str(script)!r}, run_name='__mp_main__')\n"
        "print('newsprism.api' in sys.modules, 'sklearn' in sys.modules)\n"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.split() == ["False", "False"]


def test_the_store_benchmark_runs_in_a_process_of_its_own(
    benchmark_module: Callable[[str], Any], tmp_path: Any, monkeypatch: Any
) -> None:
    """``--store`` runs ``store_speed`` in a spawned process (which skips the quality harness's
    imports, as the product's processes never pay them), and a failure there is not silent; the
    corpus is written to the file the ingest reads, 400 articles a day."""
    import json
    import multiprocessing

    stories = benchmark_module("stories")
    stories._write_feed(tmp_path / "feed.jsonl", 12)
    rows = [json.loads(line) for line in (tmp_path / "feed.jsonl").read_text().splitlines()]
    assert len(rows) == 12
    assert {tuple(r) for r in rows} == {("id", "text", "outlet", "published")}
    assert rows[0]["published"] == rows[-1]["published"] == stories._day(0)

    started: list[Any] = []

    class Failing:
        exitcode = 3

        def __init__(self, target: Any, kwargs: dict[str, Any]) -> None:
            started.append((target, kwargs))

        def start(self) -> None:
            pass

        def join(self) -> None:
            pass

    context = type("Context", (), {"Process": Failing})
    monkeypatch.setattr(multiprocessing, "get_context", lambda kind: context)
    try:
        stories.store_speed_apart(size=10, workers=2)
    except SystemExit as exc:
        assert "exit code 3" in str(exc)
    else:
        raise AssertionError("a failed store benchmark process must not pass silently")
    assert started == [(stories.store_speed, {"size": 10, "workers": 2})]


def test_every_writer_stage_is_called_by_an_ingest(
    benchmark_module: Callable[[str], Any], tmp_path: Any, monkeypatch: Any
) -> None:
    """Each near-duplicate stage of ``time_writer`` wraps a function an ingest calls, so that
    its time is not left in the stage around it (``relate`` reads fingerprints through
    ``_load``: wrapping ``load`` counted them in "fingerprint row, bands")."""
    import importlib

    from tests.generated import write_feed

    from newsprism.eval.synthetic import generate
    from newsprism.store import Store, ingest

    stages = benchmark_module("stages")
    for module, path, _ in stages.WRITER_STAGES:  # put back after the test
        owner: Any = importlib.import_module(module)
        *outer, name = path.split(".")
        for part in outer:
            owner = getattr(owner, part)
        monkeypatch.setattr(owner, name, getattr(owner, name))
    timer = stages.StageTimer()
    stages.time_writer(timer)
    src = write_feed(tmp_path / "s.jsonl", generate(40, seed=3))
    with Store.open(tmp_path / "s.db") as store:
        ingest(store, [str(src)], batch_size=10)
    seen = timer.snapshot()
    near_dup = [stage for _, _, stage in stages.WRITER_STAGES if stage.startswith("near-dup")]
    assert [s for s in near_dup if s not in seen] == ["near-dup: runs merged"]  # 20,000 rows
