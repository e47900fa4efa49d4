"""Whether `workbench train` would rebuild the shipped model from the same inputs, checked without
fitting a head (a full build takes ~10 min): the shipped card records a digest of each head's rows
(texts, labels, sample weights, in order) and of the feature tables (``training.head_input_digests``,
``training.table_digest``); this prints, per head and for the tables, whether today's training frame
gives the same. It reads the public corpora in ../shared/data (set WORKBENCH_SHARED_DATA elsewhere),
which is why it is a check to run here, not a test. Exits 1 when any input changed.

    .venv/bin/python benchmarks/train_inputs.py

Same inputs give the same weights on one machine with the same libraries (``card["environment"]``).
A build is fitted to each head's optimum (``training.FIT_SOLVER``), so other BLAS kernels move its
weights only in their last digits; the shipped model is such a build (``workbench train``).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.nlp import model as model_module  # noqa: E402
from workbench.nlp import segment, training  # noqa: E402


def main() -> int:
    shipped = model_module.load(model_module.SHIPPED_FILE)
    recorded = shipped.card["inputs"]
    frame = training.training_frame()  # the full frame `workbench train` reads
    rows = frame[frame["part"] == "train"].reset_index(drop=True)
    today = training.head_input_digests(rows, training.head_rows(rows))
    norm = segment.normalize_all(rows["text"].tolist())
    tables = training.table_digest(training.fit_featurizer(rows, norm, segment.segment_all(norm)))
    changed = 0
    print(f"shipped model {shipped.version}: inputs of a full train today")
    for head in sorted(set(recorded["heads"]) | set(today)):
        same = recorded["heads"].get(head) == today.get(head)
        changed += not same
        print(f"  head {head:<18} {'same rows, labels and weights' if same else 'CHANGED'}")
    same = tables == recorded["tables"] == training.table_digest(shipped.featurizer)
    changed += not same
    print(f"  feature tables       {'same' if same else 'CHANGED'}")
    print(f"environment recorded: {shipped.card.get('environment') or 'not recorded (the model was trained before the card kept it)'}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
