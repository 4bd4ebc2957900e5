"""Evaluation metrics against values worked out by hand or by the reference library."""

import pytest
import sacrebleu

from core.evals import metrics as M


def test_character_and_word_error_rates_by_hand():
    assert M.cer("kitten", "sitting") == pytest.approx(3 / 7)  # k→s, e→i, +g
    assert M.cer("sitting", "sitting") == 0
    assert M.cer("", "abcd") == 1 and M.cer("abcdefgh", "abcd") == 1  # four inserted, per 4 reference characters
    assert M.wer("the cat sat", "the cat sat down") == pytest.approx(1 / 4)
    assert M.wer("a b c", "x y z") == 1


def test_chinese_text_is_measured_per_character():
    assert M.cer("我爱上海", "我爱北京") == pytest.approx(2 / 4)
    assert M.wer("我爱上海", "我爱北京") == pytest.approx(2 / 4)  # no spaces: each character is a word
    assert M.exact("你好。", " 你好。 ") == 1
    outs, refs = ["今天天气很好", "我喜欢猫"], ["今天天气不错", "我喜欢狗"]
    assert M.corpus_bleu(outs, refs) == pytest.approx(sacrebleu.corpus_bleu(outs, [refs], tokenize="zh").score)
    assert M.corpus_bleu(outs, refs) != pytest.approx(sacrebleu.corpus_bleu(outs, [refs]).score)  # 13a sees 2 words


def test_bleu_and_chrf_equal_sacrebleus():
    outs = ["the cat is on the mat", "there is a dog in the garden"]
    refs = ["the cat sat on the mat", "a dog is in the garden"]
    assert M.corpus_bleu(outs, refs) == pytest.approx(sacrebleu.corpus_bleu(outs, [refs]).score)
    assert M.corpus_chrf(outs, refs) == pytest.approx(sacrebleu.corpus_chrf(outs, [refs]).score)
    assert M.sentence_bleu(outs[0], refs[0]) == pytest.approx(sacrebleu.sentence_bleu(outs[0], [refs[0]]).score)
    # the summary's BLEU is the corpus figure, not a mean of sentence scores
    values = [M.score("bleu", o, r) for o, r in zip(outs, refs)]
    assert M.aggregate("bleu", outs, refs, values) == pytest.approx(M.corpus_bleu(outs, refs))
    assert M.aggregate("bleu", outs, refs, values) != pytest.approx(sum(values) / 2)


def test_macro_f1_and_confusion_matrix_by_hand():
    gold = ["a", "a", "b", "b", "c"]
    pred = ["a", "b", "b", "b", "a"]
    # a: tp 1, fp 1, fn 1 → 0.5; b: tp 2, fp 1 → 0.8; c: never right → 0
    assert M.macro_f1(pred, gold) == pytest.approx((0.5 + 0.8 + 0) / 3)
    assert M.macro_f1(["Positive.", " negative"], ["positive", "Negative"]) == 1  # case, spaces, final stop
    names, grid = M.confusion(["a", "b", "zebra"], ["a", "a", "b"])
    assert names == ["a", "b", "(other)"] and grid == [[1, 1, 0], [0, 0, 1]]


def test_metrics_are_chosen_from_the_references():
    assert M.choose(["positive", "negative", "neutral", "positive"] * 3) == ["accuracy", "macro_f1", "cer"]
    assert M.choose(['{"a": 1}', '[1, 2]']) == ["json_valid", "exact", "cer"]
    assert M.choose(["# Heading\n\nSome text", "## Another\n\nMore"])[0] == "cer"
    assert M.json_valid('{"a": 1}') == 1 and M.json_valid("{a: 1}") == 0
    assert M.regex_match(" 2026-11-23 ", r"\d{4}-\d\d-\d\d") == 1


def test_agreement_and_percentiles():
    assert M.kendall_tau([1, 2, 3, 4], [1, 2, 3, 4]) == pytest.approx(1)
    assert M.kendall_tau([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1)
    # thumbs are ±1: a judge that scores the thumbed-up outputs higher agrees
    assert M.kendall_tau([5, 4, 2, 1], [1, 1, -1, -1]) > 0.8
    assert M.percentile([1, 2, 3, 4, 5], 95) == pytest.approx(4.8)  # numpy's linear rule


def test_the_judges_verdict_is_read_and_its_agreement_with_the_users_marks_measured():
    from core.evals.judge import agreement, parse_verdict
    from core.evals.store import Result

    assert parse_verdict('{"score": 4, "reason": "right, one word differs"}') == (4.0, "right, one word differs")
    assert parse_verdict('Sure! {"score": 2, "reason": "wrong form"} Hope that helps.') == (2.0, "wrong form")
    assert parse_verdict("Score: 5 — identical")[0] == 5.0
    assert parse_verdict('{"score": 9}') is None and parse_verdict("looks fine") is None
    results = {(0, i): Result(0, i, "x", judge=j, thumbs=t) for i, (j, t) in
               enumerate([(5, 1), (4, 1), (2, -1), (1, -1), (3, None)])}
    tau, n = agreement(results)
    assert n == 4 and tau == pytest.approx(M.kendall_tau([5, 4, 2, 1], [1, 1, -1, -1]))
    assert agreement({(0, 0): Result(0, 0, "x", judge=5, thumbs=1)}) == (None, 1)
