"""The PolNeAR scorer on hand-written brat annotations (no model, no shared data)."""

from __future__ import annotations

import pytest

from contested.errors import InputError
from contested.eval.attribution import Triple, agreement, gold_files, read_ann, score_document

TEXT = "Officials said the road was closed. “It is open,” he said."
ANN = (
    "T1\tSource 0 9\tOfficials\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 34\tthe road was closed\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tContent 36 49\t“It is open,”\n"
    "T6\tSource 50 52\the\n"
    "T7\tCue 53 57\tsaid\n"
    "T8\tAttribution 53 57\tsaid\n"
    "E2\tAttribution:T8 Cue:T7 Source:T6 Content:T5\n"
    "T9\tDiscuss 0 9\tOfficials\n"
)


def test_read_ann_links_spans_into_triples():
    triples = read_ann(ANN)
    assert triples[0] == Triple(cue=((10, 14),), content=((15, 34),), source=((0, 9),))
    assert len(triples) == 2


def test_read_ann_keeps_discontinuous_fragments():
    ann = "T1\tContent 0 4;10 14\tab cd\nT2\tCue 5 9\tsaid\nE1\tAttribution-no-source:T2 Cue:T2 Content:T1\n"
    (triple,) = read_ann(ann)
    assert triple.content == ((0, 4), (10, 14)) and triple.source is None


def test_perfect_prediction_scores_one():
    gold = read_ann(ANN)
    scores = score_document(gold, gold, TEXT)
    assert scores.f1("triple", "exact") == 1.0 and scores.f1("content", "exact") == 1.0


def test_overlap_counts_where_exact_does_not():
    gold = read_ann(ANN)
    pred = [Triple(cue=((10, 14),), content=((19, 34),), source=((0, 9),))]
    scores = score_document(pred, gold, TEXT)
    assert scores.f1("content", "exact") == 0.0
    assert scores.counts[("content", "overlap")].precision == 1.0
    assert scores.counts[("content", "overlap")].recall == 0.5


def test_whitespace_at_span_edges_is_ignored():
    gold = read_ann(ANN)
    pred = [Triple(cue=((10, 15),), content=((14, 34),), source=((0, 10),))]
    assert score_document(pred, gold, TEXT).counts[("triple", "exact")].tp_pred == 1


def test_missing_source_matches_only_missing_source():
    gold = [Triple(cue=((10, 14),), content=((15, 34),))]
    pred = [Triple(cue=((10, 14),), content=((15, 34),), source=((0, 9),))]
    assert score_document(pred, gold, TEXT).counts[("triple", "overlap")].tp_pred == 0


def test_one_annotator_per_article(tmp_path):
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT)
    for annotator in ("ef2d", "4b22"):
        (tmp_path / "attributions" / f"a_{annotator}.ann").write_text(ANN)
    ((text, ann),) = gold_files(tmp_path)
    assert ann.name == "a_4b22.ann" and text.name == "a.txt"


def test_wrong_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        gold_files(tmp_path)


def test_agreement_scores_the_second_annotator_against_the_first(tmp_path):
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT)
    (tmp_path / "attributions" / "a_0001.ann").write_text(ANN)
    without_second = ANN.split("T5\t")[0]  # the second annotator missed the quote
    (tmp_path / "attributions" / "a_0002.ann").write_text(without_second)
    scores = agreement(tmp_path)
    cue = scores.counts[("cue", "exact")]
    assert scores.documents == 1
    assert (cue.tp_pred, cue.pred, cue.gold) == (1, 1, 2)


def test_agreement_needs_an_article_annotated_twice(tmp_path):
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT)
    (tmp_path / "attributions" / "a_0001.ann").write_text(ANN)
    with pytest.raises(InputError, match="annotated by two people"):
        agreement(tmp_path)


def test_a_file_that_is_not_text_is_an_input_error(tmp_path):
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT)
    (tmp_path / "attributions" / "a_0001.ann").write_text(ANN)
    (tmp_path / "attributions" / "a_0002.ann").write_bytes(b"T1\tCue 0 1\t\xff\x00")
    with pytest.raises(InputError, match="a_0002.ann is not UTF-8 text"):
        agreement(tmp_path)
