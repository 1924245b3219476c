"""The news store: one SQLite database of articles, drops and relations.

```
from newsprism.store import Store, ingest

with Store.open("news.db") as store:
    report = ingest(store, ["export.jsonl", "crawl.warc.gz"])
    for hit in store.search("ferry closure"):
        print(hit.article.title, hit.matches)
```

- ``Store`` (``store.db``): open (read-only too), add, iterate, search, stats.
- ``ingest`` (``store.ingest``): read sources as a stream into a store, batched and resumable.
- ``MIGRATIONS`` (``store.migrations``): the schema as named, ordered migrations.
- ``Store.stories``, ``story``, ``briefing`` (``store.stories``): stories grouped in the store.
- ``store.neardup``: incremental near-duplicate detection (MinHash LSH in SQLite).

See docs/store.md.
"""

from newsprism.store.db import (
    Added,
    SearchHit,
    Store,
    StoredArticle,
    StoreStats,
    default_path,
    identity_key,
)
from newsprism.store.ingest import IngestReport, ingest
from newsprism.store.migrations import MIGRATIONS, Migration
from newsprism.store.neardup import LshParams
from newsprism.store.stories import StoryFailure, StoryMemberRow, StoryRow, membership_hash

__all__ = [
    "MIGRATIONS",
    "Added",
    "IngestReport",
    "LshParams",
    "Migration",
    "SearchHit",
    "Store",
    "StoreStats",
    "StoredArticle",
    "StoryFailure",
    "StoryMemberRow",
    "StoryRow",
    "default_path",
    "identity_key",
    "ingest",
    "membership_hash",
]
