"""Leaving a provider with everything ([11]). A second engine stands in for the cloud (it
speaks the same API); the jobs are made there by the test, imported through the official
SDK, trained again on this computer's engine, and a tuned model's behaviour is kept by
asking it and training on its answers."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.evals import Candidate, EvalStore, Item, Runner
from core.evals import report as R
from core.jobs.launch import JobRequest, launch
from core.jobs.monitor import JobTracker
from core.migrate import distill as D
from core.migrate import history
from core.migrate.archive import Archive
from core.migrate.importer import Cancelled, import_jobs, remote_jobs
from core.migrate.retrain import plan

from .conftest import TOKEN, chat_rows, finished, upload, wait_for

CLOUD = SimpleNamespace(id="cloud", name="The cloud", kind="custom", base_url="http://stand-in/v1")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def varied_rows(n: int, start: int = 0) -> list[dict]:
    return [{"messages": [{"role": "system", "content": "Reply in JSON."},
                          {"role": "user", "content": f"question {i}: " + "words " * 30},
                          {"role": "assistant", "content": '{"answer": 42}'}]} for i in range(start, start + n)]


@pytest.fixture(scope="module")
def cloud(tmp_path_factory, model_cache, tiny_model):
    """One succeeded, one cancelled and one failed job at the stand-in cloud."""
    from .conftest import EngineProcess

    tmp = tmp_path_factory.mktemp("cloud")
    with pytest.MonkeyPatch.context() as env:  # the stand-in keeps nothing in a user's data folder
        env.setenv("TUNEDESK_HOME", str(tmp / "home"))
        engine = EngineProcess(tmp / "engine", model_cache, {"tiny": tiny_model}, []).start()
    c = engine.client
    train = upload(c, tmp, varied_rows(24))
    valid = upload(c, tmp, varied_rows(4, 100), "valid.jsonl")
    good = c.fine_tuning.jobs.create(model="tiny", training_file=train.id, validation_file=valid.id, suffix="json",
                                     seed=7, hyperparameters={"n_epochs": 3, "learning_rate_multiplier": 20})
    good = finished(c, good.id)
    assert good.status == "succeeded", good.error
    long = c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp, chat_rows(40), "long.jsonl").id,
                                     hyperparameters={"n_epochs": 50})
    wait_for(lambda: any(e.type == "metrics" for e in c.fine_tuning.jobs.list_events(long.id, limit=100)), 120,
             what="the long job to train")
    cancelled = c.fine_tuning.jobs.cancel(long.id)
    bad_rows = chat_rows(12)
    bad_rows[6]["messages"][1] = {"role": "user"}
    bad = finished(c, c.fine_tuning.jobs.create(model="tiny", training_file=upload(c, tmp, bad_rows, "bad.jsonl").id).id)
    assert (cancelled.status, bad.status) == ("cancelled", "failed")
    yield SimpleNamespace(engine=engine, client=c, good=good, cancelled=cancelled, bad=bad, tiny=tiny_model)
    engine.stop()


def test_three_jobs_import_across_pages_resume_and_never_twice(cloud, tmp_path):
    c = cloud.client
    archive = Archive(tmp_path / "imports")
    listed = remote_jobs(c, page_size=2)  # three jobs: two pages
    assert {j.id for j in listed} >= {cloud.good.id, cloud.cancelled.id, cloud.bad.id}

    # Interrupted in the middle of the first file: what arrived stays as .part
    cancel = threading.Event()
    seen: list[int] = []

    def stop_after_first_piece(text: str, done: int, total: int) -> None:
        if text.startswith("Downloading") and done:
            seen.append(done)
            cancel.set()

    with pytest.raises(Cancelled):
        import_jobs(c, archive, CLOUD, page_size=2, chunk=512, cancel=cancel, progress=stop_after_first_piece)
    parts = list(archive.root.rglob("*.part"))
    first = listed[0].training_file  # the newest job's, fetched first
    assert len(parts) == 1 and 0 < parts[0].stat().st_size == seen[0] < len(c.files.content(first).content)

    report = import_jobs(c, archive, CLOUD, page_size=2, chunk=512)
    assert report.resumed == {first: seen[0]}  # went on with a Range request
    assert not list(archive.root.rglob("*.part"))
    assert sorted(report.job_ids) == sorted(j.id for j in listed)
    counts = archive.counts("cloud")
    assert counts["jobs"] == len(listed)

    # every file arrived whole: the same bytes as the source's
    for job in (cloud.good, cloud.cancelled, cloud.bad):
        data = archive.job("cloud", job.id)
        for file_id in [job.training_file, *([job.validation_file] if job.validation_file else []), *job.result_files]:
            stored = archive.file("cloud", file_id)
            assert stored.complete and stored.sha256 == sha(c.files.content(file_id).content), file_id
        assert data["status"] == job.status
        source_events = list(c.fine_tuning.jobs.list_events(job.id, limit=3))  # pages of 3
        assert [e["id"] for e in archive.events("cloud", job.id)] == [e.id for e in reversed(list(
            c.fine_tuning.jobs.list_events(job.id, limit=1000)))] and len(source_events) > 0
    assert len(archive.checkpoints("cloud", cloud.good.id)) == 3
    assert [m["id"] for m in archive.models("cloud")] == [cloud.good.fine_tuned_model]

    # the imported job reads back as the source's: loss curve, checkpoints, error
    source = JobTracker(cloud.good.id)
    source.poll(c)
    imported = history.tracker(archive, "cloud", cloud.good.id)
    assert imported.metrics == source.metrics and len(imported.series("train_loss")) == 72
    assert imported.series("valid_loss") == source.series("valid_loss")
    assert [k.id for k in imported.checkpoints] == [k.id for k in source.checkpoints]
    assert imported.job.fine_tuned_model == cloud.good.fine_tuned_model and imported.finished
    failed = history.tracker(archive, "cloud", cloud.bad.id)
    assert failed.status == "failed" and "line 7" in failed.error
    assert history.tracker(archive, "cloud", cloud.cancelled.id).status == "cancelled"

    # a second import adds nothing twice and downloads nothing
    again = import_jobs(c, archive, CLOUD, page_size=2)
    assert (again.jobs_new, again.events, again.checkpoints, again.files_downloaded, again.bytes_downloaded) == \
        (0, 0, 0, 0, 0)
    files = {f for j in (cloud.good, cloud.cancelled, cloud.bad)
             for f in [j.training_file, j.validation_file, *j.result_files] if f}
    assert again.files_already_here == len(files) and archive.counts("cloud") == counts
    archive.close()


def test_retrain_here_from_the_imported_files_and_keep_the_behaviour(cloud, start_engine, tmp_path):
    c = cloud.client
    archive = Archive(tmp_path / "imports")
    import_jobs(c, archive, CLOUD, [cloud.good.id])

    # Retrain: the same data, byte for byte, on this computer's engine
    local = start_engine(data_dir=tmp_path / "local")
    p = plan(archive, "cloud", cloud.good.id, base_model="tiny", local=True)
    shown = {s.name: (s.source, s.here) for s in p.settings}
    assert shown["Epochs"] == ("3", "3") and shown["Suffix"] == ("json", "json") and shown["Seed"] == ("7", "7")
    again = finished(local.client, launch(local.client, p.request).id)
    assert again.status == "succeeded", again.error
    assert sha(local.client.files.content(again.training_file).content) == sha(c.files.content(cloud.good.training_file).content)
    assert sha(local.client.files.content(again.validation_file).content) == \
        sha(c.files.content(cloud.good.validation_file).content)
    assert again.hyperparameters.n_epochs == 3 and again.seed == 7 and ":json:" in again.fine_tuned_model
    assert again.metadata == {"retrained_from": f"cloud/{cloud.good.id}"}

    # Distillation: 20 prompts through the tuned model become 20 examples with its answers
    prompts, skipped = D.prompts_from_rows(varied_rows(20, 200))
    assert (len(prompts), skipped) == (20, 0)
    est = D.estimate(prompts, cloud.good.fine_tuned_model, 20)
    assert est.prompts == 20 and est.tokens_in > 20 * 30 and est.cost is None  # no price: nothing to pay
    out = tmp_path / "kept.jsonl"
    assert D.distill(c, cloud.good.fine_tuned_model, prompts, out, params={"max_tokens": 20}) == out
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 20 and [r["messages"][:-1] for r in rows] == [p.messages for p in prompts]
    asked = c.chat.completions.create(model=cloud.good.fine_tuned_model, messages=prompts[3].messages,
                                      temperature=0, max_tokens=20).choices[0].message.content
    assert rows[3]["messages"][-1] == {"role": "assistant", "content": asked}

    # ... a model of one's own trained on them, compared with the source in Evaluate
    mine = finished(local.client, launch(local.client, JobRequest(
        model="tiny", training_path=out, suffix="kept", n_epochs=3, learning_rate_multiplier=20, seed=1)).id)
    assert mine.status == "succeeded", mine.error
    store = EvalStore(tmp_path / "evals.sqlite")
    items = [Item(i, i + 1, '{"answer": 42}', varied_rows(1, 300 + i)[0]["messages"][:2]) for i in range(4)]
    run = store.create("old vs new", "held-out.jsonl", None, items,
                       [Candidate("cloud", cloud.good.fine_tuned_model, params={"max_tokens": 20, "temperature": 0}),
                        Candidate("local", mine.fine_tuned_model, params={"max_tokens": 20, "temperature": 0})],
                       ["cer", "exact"])
    clients = {"cloud": c, "local": local.client}
    assert Runner(store, run, clients.__getitem__).run_all() == 8
    summary = R.summary(run, store.results(run.id))
    assert [r.answered for r in summary] == [4, 4] and all(r.values["cer"] is not None for r in summary)
    archive.close()


def test_tunedesk_import_keeps_the_key_out_of_every_file(cloud, secret_service, tunedesk_home, tmp_path):
    """The command line, as a user runs it, with the key in the real keyring: the key
    (here the stand-in's token) is in no imported file, log or database afterwards."""
    from core.providers import Provider, ProviderKind, load_providers, save_providers

    save_providers([*load_providers(), Provider("oldcloud", ProviderKind.CUSTOM, "Old cloud",
                                                base_url=cloud.engine.url)])
    env = {**__import__("os").environ, **{k: secret_service[k] for k in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR")}}
    env.pop("OPENAI_API_KEY", None)

    store = subprocess.run([sys.executable, "-c", "from core.providers import KeyStore; import sys; "
                            "print(KeyStore().set('oldcloud', sys.argv[1]))", TOKEN], env=env, capture_output=True,
                           text=True)
    assert store.returncode == 0, store.stderr
    try:
        _import_retrain_distill(cloud, env, tunedesk_home, tmp_path)
    finally:  # the keyring is the session's: leave it as found
        subprocess.run([sys.executable, "-c", "from core.providers import KeyStore; KeyStore().delete('oldcloud')"],
                       env=env, check=True)


def _import_retrain_distill(cloud, env, tunedesk_home, tmp_path):
    script = Path(sys.executable).with_name("tunedesk")
    listed = subprocess.run([str(script), "import", "--provider", "oldcloud", "--list"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert listed.returncode == 0 and cloud.good.id in listed.stdout, listed.stderr
    done = subprocess.run([str(script), "import", "--provider", "oldcloud"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "From Old cloud: 3 jobs new," in done.stdout and "Downloading train.jsonl" in done.stderr, done.stderr
    again = subprocess.run([str(script), "import", "--provider", "oldcloud"], env=env, capture_output=True, text=True,
                           timeout=300)
    assert "0 jobs new, 3 updated, 0 events, 0 checkpoints, 0 files downloaded (0 bytes)" in again.stdout, again.stdout
    assert "Downloading" not in again.stderr
    archive = Archive()
    assert archive.counts("oldcloud")["jobs"] == 3 and archive.source("oldcloud")["base_url"] == cloud.engine.url
    archive.close()
    # the terminal's retrain and distill, from what was imported
    tiny = ["--add-model", f"tiny={cloud.tiny}"]
    retrained = subprocess.run([str(script), "retrain", f"oldcloud/{cloud.good.id}", "--no-follow", "--json", *tiny],
                               env=env, capture_output=True, text=True, timeout=300)
    assert retrained.returncode == 0, retrained.stderr
    assert json.loads(retrained.stdout)["metadata"] == {"retrained_from": f"oldcloud/{cloud.good.id}"}
    assert "Epochs" in retrained.stderr and "the same passes over the data" in retrained.stderr
    out = tmp_path / "kept.jsonl"
    kept = subprocess.run([str(script), "distill", "--provider", "oldcloud", "--model", cloud.good.fine_tuned_model,
                           "--from-job", cloud.good.id, "--limit", "5", "--max-tokens", "8", "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert kept.returncode == 0, kept.stderr
    assert "5 prompts, about" in kept.stderr and len(out.read_text(encoding="utf-8").splitlines()) == 5
    holding = [str(p) for p in tunedesk_home.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()]
    assert holding == []
    assert TOKEN not in done.stdout + done.stderr + listed.stdout + listed.stderr
