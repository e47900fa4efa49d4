"""Check one hand-written corpus file: every line a JSON object with valid labels.

Usage: python data/nlp/corpus/check_corpus.py FILE.jsonl
Prints the counts per label and any bad line; exit status 1 if a line is bad.
Writers run it after each batch; it never changes the file.
"""
from __future__ import annotations

import json
import sys
from collections import Counter

SENTIMENTS = {"负面", "中性", "正面"}
CATEGORIES = {"薪酬福利", "工时加班", "裁员离职", "骚扰歧视", "管理作风",
              "安全健康", "劳动合规", "招聘求职", "企业文化", "其他"}
EMOTIONS = {"愤怒", "焦虑", "悲伤", "喜悦", "惊讶", "中性"}
FIELDS = {"text", "sentiment", "category", "emotion", "severity", "platform", "writer"}


def check(path: str) -> int:
    bad = 0
    seen: set[str] = set()
    counts = {k: Counter() for k in ("sentiment", "category", "emotion", "severity", "platform")}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                missing = FIELDS - row.keys()
                assert not missing, f"missing fields {sorted(missing)}"
                assert isinstance(row["text"], str) and row["text"].strip(), "empty text"
                assert row["sentiment"] in SENTIMENTS, f"sentiment {row['sentiment']!r}"
                assert row["category"] in CATEGORIES, f"category {row['category']!r}"
                assert row["emotion"] in EMOTIONS, f"emotion {row['emotion']!r}"
                assert row["severity"] in (1, 2, 3, 4), f"severity {row['severity']!r}"
                assert row["text"] not in seen, "duplicate text"
                seen.add(row["text"])
                for k in counts:
                    counts[k][row[k]] += 1
            except (AssertionError, json.JSONDecodeError) as exc:
                bad += 1
                print(f"line {n}: {exc}")
    print(f"{path}: {len(seen)} valid rows, {bad} bad lines")
    for k, c in counts.items():
        print(f"  {k}: " + ", ".join(f"{v}={c[v]}" for v in sorted(c, key=str)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(max(check(p) for p in sys.argv[1:]))
