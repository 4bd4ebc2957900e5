"""Issue [6] D21: the thread choice on a shared computer, and the training pace the
estimate comes from."""

from __future__ import annotations

import json
import multiprocessing
import time

from core.engine.cpu import Governor, Pace, Sample, measure_others, others_busy, threads_for


def test_other_programs_keep_their_cores():
    assert threads_for(2, 0.0) == 2
    assert threads_for(2, 1.0) == 1  # one busy program on two cores: one thread, not two fighting it
    assert threads_for(2, 2.0) == 1  # never none
    assert threads_for(8, 2.5) == 5
    # our own CPU time is not counted as another program's
    before, after = Sample(busy=1000, total=2000, own=100, at=0.0), Sample(busy=1200, total=2200, own=300, at=1.0)
    assert others_busy(before, after, 2) == 0.0


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_busy_program_is_measured_and_the_choice_says_so():
    idle = measure_others(0.5)
    burner = multiprocessing.get_context("spawn").Process(target=_spin, args=(20,), daemon=True)
    burner.start()
    try:
        busy = measure_others(1.0)
        governor = Governor()
    finally:
        burner.terminate()
        burner.join()
    assert idle is not None and busy is not None and busy >= idle + 0.6
    assert governor.threads == max(1, governor.cores - 1)
    assert governor.reason.startswith(f"Training with {governor.threads} thread")


def test_the_pace_is_kept_for_the_next_job_of_the_model_and_thread_count(tmp_path):
    cache = tmp_path / "training-speed.json"
    pace = Pace(cache, "tiny", 2)
    assert pace.rate() is None and pace.finish(1000) is None
    pace._tokens, pace._seconds = 500, 2.0  # 250 tokens/s measured after the warm-up
    pace.save()
    assert json.loads(cache.read_text()) == {"tiny|2": 250.0}
    again = Pace(cache, "tiny", 2)
    assert again.rate() == 250.0  # known before the first step of the next job
    assert abs(again.finish(1000) - (time.time() + 4)) <= 1
    assert Pace(cache, "tiny", 1).rate() is None  # another thread count is another speed


def test_bf16_only_where_the_cpu_computes_it_natively(monkeypatch):
    from core.engine.cpu import PRECISION_ENV, training_precision

    monkeypatch.delenv(PRECISION_ENV, raising=False)
    assert training_precision({"avx2", "avx512f"})[0] == "fp32"  # emulated bf16 would be slower
    precision, why = training_precision({"avx512f", "avx512_bf16"})
    assert precision == "bf16" and "AVX-512 BF16" in why and "stay in fp32" in why
    assert training_precision({"amx_bf16", "avx512_bf16"})[1].count("AMX") == 1
    monkeypatch.setenv(PRECISION_ENV, "fp32")
    assert training_precision({"amx_bf16"}) == ("fp32", f"Training in fp32, as {PRECISION_ENV} asks")
