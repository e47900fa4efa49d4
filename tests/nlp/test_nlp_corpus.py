"""The hand-written labelled corpus: large enough, every label valid, provenance on every row,
and the blind split kept apart from training (other writers, no shared post)."""
from __future__ import annotations

import subprocess
import sys

from workbench import vocab
from workbench.nlp import corpora

CHECKER = corpora.CORPUS_DIR / "check_corpus.py"


def test_every_file_passes_the_writers_checker():
    files = sorted(str(p) for p in corpora.CORPUS_DIR.glob("*/*.jsonl"))
    assert files
    done = subprocess.run([sys.executable, str(CHECKER), *files], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]


def test_training_corpus_size_labels_and_writers():
    train = corpora.handwritten("train")
    assert len(train) >= 4000
    assert train["writer"].nunique() >= 8
    assert set(train["category"]) == set(vocab.CATEGORIES)
    assert set(train["sentiment"]) == set(vocab.SENTIMENTS) and set(train["emotion"]) == set(vocab.EMOTIONS)
    assert set(train["severity"]) == {1, 2, 3, 4}
    assert (train["severity"] <= 2).mean() > 0.25  # enough grave posts to learn from
    # each file holds one writer's posts, named by the writer
    assert all(w == i.split("-")[0] for w, i in zip(train["writer"], train["id"]))
    # the validation part is fixed by the text and holds every severity
    valid = train[train["split"] == "valid"]
    assert 0.1 < len(valid) / len(train) < 0.2 and set(valid["severity"]) == {1, 2, 3, 4}


def test_a_posts_held_out_side_depends_on_its_text_alone():
    texts = [f"第{i}条帖子" for i in range(3000)]
    sides = [corpora.in_held_out_part(t, 0.1) for t in texts]
    assert 0.07 < sum(sides) / len(texts) < 0.13
    # a larger share keeps every post of a smaller one
    assert all(corpora.in_held_out_part(t, 0.15) for t, held in zip(texts, sides) if held)
    train = corpora.handwritten("train")
    assert (train["split"] == "valid").tolist() == [corpora.in_held_out_part(t, corpora.VALID_SHARE) for t in train["text"]]


def test_blind_split_is_written_apart():
    train, blind = corpora.handwritten("train"), corpora.handwritten("blind")
    assert len(blind) >= 800
    assert not set(blind["writer"]) & set(train["writer"])
    assert not set(blind["text"]) & set(train["text"])
    assert set(blind["severity"]) == {1, 2, 3, 4} and set(blind["category"]) == set(vocab.CATEGORIES)
    assert (blind["split"] == "blind").all()


def test_the_readme_records_every_writers_brief():
    readme = (corpora.CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    writers = set(corpora.handwritten("train")["writer"]) | set(corpora.handwritten("blind")["writer"])
    assert all(f"| {w} |" in readme for w in writers)
