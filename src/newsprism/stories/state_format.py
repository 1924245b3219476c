"""How the stories store writes the grouper's state: plain JSON, never a pickle.

A store is a file users pass around; ``pickle.loads`` on a foreign file can run any code, so
the grouper's state (``story_state``, ``story_live``, ``story_closed``, ``story_open``,
``story_df_log``, ``story_features``) is written as JSON data and read back by building the
known types from it (``StoryFeatures``, ``_Story``, ``StoryMember``).  A row that is not such
data is refused with NP126; nothing in it is run.

Layouts (JSON, ASCII, compact).  A weight vector (a story's centroid, an article's terms) is
``[keys, weights]`` with the weights as base64 of little-endian float64: exact, and four times
cheaper to write than JSON numbers (a centroid of 400 terms: 0.3 against 1.3 ms, as a pickle).

- ``StoryFeatures``: ``[article, day, terms, entities, shingles, title, outlet]``.
- ``_Story``: an object of its fields; ``terms`` and ``entities`` vectors, ``members`` as
  ``[article, score, reason, via]`` lists, ``index_keys`` a list, ``norms`` a pair.
- an open article (``story_open``): ``[features or null, entity vector, shingles or null]``.
- the grouper's hot state (``story_state.state``): ``{"format": 4, "n_docs", "active": [ids,
  least recently joined first], "shingles": [[shingle, ...], [article, ...]], "clock",
  "next_id"}``; its settings are the row's ``config`` column.
- document frequencies of a round (``story_df_log``): ``{term: n}``.

Stores written before (pickles) are converted once by the migration ``stories_state_json``
(``convert_pickles``), which reads the old rows with an unpickler that builds only the types
above (and sets, ``OrderedDict``) and refuses anything else with NP126.
"""

from __future__ import annotations

import base64
import io
import json
import pickle
import sqlite3
import struct
import sys
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from newsprism.errors import STORE_DATA, NewsprismError
from newsprism.model import StoryMember
from newsprism.stories.features import StoryFeatures

if TYPE_CHECKING:
    from newsprism.stories.grouping import StoryGrouper, _Story

FORMAT = 4  # story_state.state's layout (2 and 3 were pickles)
# the grouper's attributes kept in story_state.state (the rest is in rows, or rebuilt)
HOT = ("n_docs", "active", "shingles", "clock", "_next_id")
_dumps = json.JSONEncoder(separators=(",", ":")).encode


def dumps(value: object) -> bytes:
    """``value`` (JSON types only) as compact ASCII JSON bytes."""
    return _dumps(value).encode("ascii")


def loads(data: bytes | str, where: str) -> Any:
    """JSON data of a row of ``where``, or NP126 when it is not JSON (a pickle, anything else)."""
    try:
        return json.loads(data)
    except (ValueError, TypeError) as exc:
        raise refused(where, "not JSON data") from exc


def refused(where: str, why: str) -> NewsprismError:
    return NewsprismError(STORE_DATA, f"{where}: {why}")


# ---------------------------------------------------------------------------------- vectors

_SWAP = sys.byteorder != "little"


def _packed(weights: Iterable[float]) -> str:
    """The weights as little-endian doubles, in base64: one ``struct.pack`` of them all (the
    bytes of an ``array("d")`` of them, swapped on a big-endian host, in fewer steps)."""
    values = tuple(weights)
    return base64.b64encode(struct.pack(f"<{len(values)}d", *values)).decode("ascii")


def _weights(data: str) -> array[float]:
    a = array("d")
    a.frombytes(base64.b64decode(data, validate=True))
    if _SWAP:
        a.byteswap()
    return a


def vector_row(vec: dict[str, float]) -> list[Any]:
    return [list(vec), _packed(vec.values())]


def vector_of(v: list[Any]) -> dict[str, float]:
    keys, data = v
    return dict(zip(keys, _weights(data), strict=True))


def _pairs_row(pairs: tuple[tuple[str, float], ...]) -> list[Any]:
    keys, weights = zip(*pairs, strict=True) if pairs else ((), ())
    return [list(keys), _packed(weights)]


def _pairs_of(v: list[Any]) -> tuple[tuple[str, float], ...]:
    keys, data = v
    return tuple(zip(keys, _weights(data), strict=True))


# ---------------------------------------------------------------------------------- features


def features_row(f: StoryFeatures) -> list[Any]:
    return [
        f.article,
        f.day,
        _pairs_row(f.terms),
        _pairs_row(f.entities),
        list(f.shingles),
        f.title,
        f.outlet,
    ]


def features_of(v: list[Any]) -> StoryFeatures:
    article, day, terms, entities, shingles, title, outlet = v
    return StoryFeatures(
        article, day, _pairs_of(terms), _pairs_of(entities), tuple(shingles), title, outlet
    )


def dump_features(f: StoryFeatures) -> bytes:
    """``dumps(features_row(f))``, written out (the same bytes: strings as the encoder writes
    them, ``encode_basestring_ascii``, integers by ``int.__repr__``) without the encoder's walk
    over an article's few hundred keys; fields of other types go through the encoder."""
    day = f.day
    if day is not None and type(day) is not int:
        return dumps(features_row(f))
    try:
        return (
            f"[{_STRING(f.article)},{'null' if day is None else int.__repr__(day)},"
            f"{_pairs_json(f.terms)},{_pairs_json(f.entities)},"
            f"[{','.join(map(int.__repr__, f.shingles))}],{_STRING(f.title)},"
            f"{'null' if f.outlet is None else _STRING(f.outlet)}]"
        ).encode("ascii")
    except TypeError:  # a field of another type than ``story_features`` gives
        return dumps(features_row(f))


_STRING = json.encoder.encode_basestring_ascii  # a string as ``dumps`` writes it
_KEY, _WEIGHT = itemgetter(0), itemgetter(1)


def _pairs_json(pairs: tuple[tuple[str, float], ...]) -> str:
    """``_pairs_row(pairs)`` as ``dumps`` writes it."""
    return f'[[{",".join(map(_STRING, map(_KEY, pairs)))}],"{_packed(map(_WEIGHT, pairs))}"]'


def load_features(data: bytes) -> StoryFeatures | None:
    """Features stored at ingest, or None when the row is not such data (then they are
    computed again: ``story_features`` is a cache)."""
    try:
        return features_of(json.loads(data))
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------------------------- stories


def story_row(s: _Story) -> dict[str, Any]:
    out: dict[str, Any] = dict(vars(s))  # its fields (a dataclass without slots)
    out["members"] = [[m.article, m.score, m.reason, m.via] for m in s.members]
    out["terms"] = vector_row(s.terms)
    out["entities"] = vector_row(s.entities)
    out["index_keys"] = list(s.index_keys)
    return out


def story_of(d: dict[str, Any]) -> _Story:
    from newsprism.stories.grouping import _Story

    d["members"] = [StoryMember(*m) for m in d["members"]]
    d["terms"] = vector_of(d["terms"])
    d["entities"] = vector_of(d["entities"])
    d["index_keys"] = set(d["index_keys"])
    d["norms"] = tuple(d["norms"])
    return _Story(**d)


def dump_story(s: _Story) -> bytes:
    return dumps(story_row(s))


def load_story(data: bytes, where: str) -> _Story:
    try:
        return story_of(loads(data, where))
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, NewsprismError):
            raise
        raise refused(where, f"not a story ({type(exc).__name__})") from exc


# ---------------------------------------------------------------------------------- open rows


def dump_open(
    raw: StoryFeatures | None,
    entities: dict[str, float],
    shingles: tuple[int, ...] | None,
    raw_data: bytes | None = None,
) -> bytes:
    """An open article's row.  ``raw_data``: ``raw`` as stored (``dump_features``, or a row that
    ``load_features`` read as ``raw``), put in as it is instead of encoded again (with
    ``dump_features``'s bytes, the same bytes: a list is its items joined by commas)."""
    if raw_data is None:
        return dumps(
            [
                None if raw is None else features_row(raw),
                vector_row(entities),
                None if shingles is None else list(shingles),
            ]
        )
    return b"".join(
        (
            b"[",
            raw_data,
            b",",
            dumps(vector_row(entities)),
            b"," + (b"null" if shingles is None else dumps(list(shingles))) + b"]",
        )
    )


def load_open(
    data: bytes, where: str
) -> tuple[StoryFeatures | None, dict[str, float], tuple[int, ...] | None]:
    try:
        raw, entities, shingles = loads(data, where)
        return (
            None if raw is None else features_of(raw),
            vector_of(entities),
            None if shingles is None else tuple(shingles),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, NewsprismError):
            raise
        raise refused(where, f"not an open article ({type(exc).__name__})") from exc


# ---------------------------------------------------------------------------------- hot state


def dump_hot(g: StoryGrouper) -> bytes:
    return dumps(
        {
            "format": FORMAT,
            "n_docs": g.n_docs,
            "active": list(g.active),
            "shingles": [list(g.shingles), list(g.shingles.values())],
            "clock": g.clock,
            "next_id": g._next_id,
        }
    )


def load_hot(data: bytes, g: StoryGrouper) -> None:
    """Set ``g``'s hot attributes from ``story_state.state`` (NP126 when it is not format 4)."""
    where = "story_state"
    state = loads(data, where)
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise refused(where, f"not the grouper's state (format {FORMAT})")
    try:
        keys, values = state["shingles"]
        g.n_docs = int(state["n_docs"])
        g.active = OrderedDict.fromkeys(int(s) for s in state["active"])
        g.shingles = dict(zip(keys, values, strict=True))
        g.clock = state["clock"]
        g._next_id = int(state["next_id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise refused(where, f"not the grouper's state ({type(exc).__name__})") from exc


def dump_counts(counts: dict[str, int]) -> bytes:
    return dumps(counts)


def load_counts(data: bytes) -> dict[str, int]:
    counts = loads(data, "story_df_log")
    if not isinstance(counts, dict):
        raise refused("story_df_log", "not counts")
    return counts


# ---------------------------------------------------------------------------------- pickles


_ALLOWED = {
    ("newsprism.stories.grouping", "StoryGrouper"),
    ("newsprism.stories.grouping", "GroupingConfig"),
    ("newsprism.stories.grouping", "_Story"),
    ("newsprism.stories.features", "StoryFeatures"),
    ("newsprism.model", "StoryMember"),
    ("collections", "OrderedDict"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
}


class _DataUnpickler(pickle.Unpickler):
    """Builds the grouper's own types and nothing else: a pickle naming any other callable (the
    way a crafted payload runs code) is refused before anything is called."""

    def __init__(self, data: bytes, where: str) -> None:
        super().__init__(io.BytesIO(data))
        self.where = where

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise refused(self.where, f"a pickle naming {module}.{name}, not grouper data")
        return super().find_class(module, name)


def unpickle(data: bytes, where: str) -> Any:
    """An old store's pickled row, read with the types above only (NP126 otherwise)."""
    try:
        return _DataUnpickler(bytes(data), where).load()
    except NewsprismError:
        raise
    except Exception as exc:
        raise refused(where, f"not a readable pickle ({type(exc).__name__})") from exc


def _is_pickle(data: object) -> bool:
    return isinstance(data, bytes) and data[:1] == b"\x80"


def convert_pickles(conn: sqlite3.Connection) -> None:
    """The migration ``stories_state_json``: every pickled row of the grouper's tables written
    again as JSON, in the migration's transaction (NP126, and nothing changed, when a row is
    not the grouper's data).  The state is read as the release before read it (a whole
    grouper, or the hot state of format 2 or 3 beside its rows) and written whole."""
    for table, key, column in (
        ("story_closed", "id", "state"),
        ("story_live", "id", "state"),
        ("story_df_log", "id", "data"),
        ("story_features", "article_id", "data"),
        ("story_open", "name", "state"),
    ):
        cur = conn.execute(f"SELECT {key}, {column} FROM {table}")
        while rows := cur.fetchmany(1000):
            out = []
            for k, data in rows:
                if not _is_pickle(data):
                    continue
                where = f"{table} {k}"
                value = unpickle(data, where)
                if table in ("story_closed", "story_live"):
                    out.append((dump_story(value), k))
                elif table == "story_df_log":
                    out.append((dump_counts(dict(value)), k))
                elif table == "story_features":
                    out.append((dump_features(value), k))
                else:
                    raw, entities, shingles = value
                    out.append((dump_open(raw, dict(entities), shingles), k))
            conn.executemany(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", out)
    row = conn.execute("SELECT state FROM story_state WHERE id = 1").fetchone()
    if row is not None and _is_pickle(row[0]):
        from newsprism.stories.store import rewrite_state

        rewrite_state(conn, unpickle(row[0], "story_state"))
