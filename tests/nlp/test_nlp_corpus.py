"""The project's labelled workplace set: reproducible, large and varied enough, validation kept apart."""
from __future__ import annotations

import json

from workbench import vocab
from workbench.nlp import corpus_workplace


def test_committed_set_is_what_the_generator_writes():
    committed = [json.loads(line) for line in corpus_workplace.OUTPUT.read_text(encoding="utf-8").splitlines()]
    generated = corpus_workplace.generate()
    assert [(r["id"], r["split"], r["text"], r["category"]) for r in committed] == \
           [(r["id"], r["split"], r["text"], r["category"]) for r in generated]


def test_size_labels_and_registers():
    rows = corpus_workplace.generate()
    assert len(rows) >= 1500
    for split in ("train", "valid"):
        part = [r for r in rows if r["split"] == split]
        assert {r["category"] for r in part} == set(vocab.CATEGORIES)
        assert {r["sentiment"] for r in part} == set(vocab.SENTIMENTS)
        assert {r["emotion"] for r in part} <= set(vocab.EMOTIONS)
    assert {"complaint", "sarcasm", "rhetorical", "praise", "news", "statement", "hr", "question"} <= {r["register"] for r in rows}


def test_validation_sentences_are_not_in_training():
    rows = corpus_workplace.generate()
    train = {r["text"] for r in rows if r["split"] == "train"}
    valid = [r["text"] for r in rows if r["split"] == "valid"]
    assert not train & set(valid)
    # held-out fragments: a validation complaint fragment never appears in any training post
    held = corpus_workplace._split(corpus_workplace.FRAGMENTS["薪酬福利"]["neg"], True)
    probe = held[0].format(c="").strip("，")
    assert not any(probe in t for t in train)
