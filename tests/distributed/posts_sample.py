"""A few hundred real-looking posts for the engine tests: the blind corpus's texts, plus the
edge cases (personal data, empty, emoji only, missing) every engine must read the same way."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

CORPUS = Path(__file__).resolve().parents[2] / "data" / "nlp" / "corpus" / "blind"
EDGES = ["联系HR 13812345678 也没人回，工资拖了三个月", "", "😭😭😭", None]


def sample_posts(n: int = 300) -> pd.DataFrame:
    """``n`` posts with string ids ``p0001``…, the edge cases first."""
    texts = list(EDGES)
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(texts) >= n:
                break
            texts.append(json.loads(line)["text"])
    return pd.DataFrame({"id": [f"p{i:04d}" for i in range(1, len(texts) + 1)],
                         "text": pd.Series(texts, dtype=object)})


def comparable(rows: pd.DataFrame) -> list[dict]:
    """Rows as plain Python records ordered by id, in one form for every engine: lists (not
    arrays), and None for a missing value (pandas shows Arrow's null as NaN or None)."""
    def plain(v):
        if hasattr(v, "__len__") and not isinstance(v, str):
            return list(v)
        return None if isinstance(v, float) and v != v else v

    return [{k: plain(v) for k, v in rec.items()} for rec in rows.sort_values("id").to_dict("records")]
