"""Quality floors for wire credits on PolNeAR (train + dev), whose metadata names the wire agency
of each article.  Runs only when ../shared/data/polnear is present; floors are pinned in
tests/floors.json (keys ``ingest.wire_credit.*``) and raised when the project improves.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from newsprism.ingest.boilerplate import wire_credit
from newsprism.model import Article

REPO = Path(__file__).resolve().parents[2]
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
FLOORS = json.loads((REPO / "tests" / "floors.json").read_text(encoding="utf-8"))


def _labelled() -> list[tuple[str | None, str]]:
    """(wire agency from the metadata or None, article text) for every article with a text."""
    if not (POLNEAR / "metadata.tsv").is_file():
        pytest.skip("../shared/data/polnear is not present")
    out = []
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            for split in ("train", "dev"):
                path = POLNEAR / split / "text" / f"{row['filename']}.txt"
                if path.is_file():
                    wire = row["wire"] if row["wire"] not in ("None", "NA", "") else None
                    out.append((wire, path.read_text(encoding="utf-8")))
    return out


def test_wire_credit_floors() -> None:
    right = credited = truth = 0
    for wire, text in _labelled():
        credit = wire_credit(Article("a", "a.txt", text))
        credited += credit is not None
        truth += wire is not None
        right += credit is not None and wire is not None and credit.lower() == wire.lower()
    precision, recall = right / max(1, credited), right / max(1, truth)
    assert precision >= FLOORS["ingest.wire_credit.precision"], precision
    assert recall >= FLOORS["ingest.wire_credit.recall"], recall
