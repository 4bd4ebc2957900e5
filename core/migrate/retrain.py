"""Train an imported job again, here or elsewhere: the same data (the imported files, byte
for byte), validation, epochs, suffix and seed, with the settings that mean something
else on the target mapped, and each mapping given with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import tr
from ..jobs.launch import JobRequest
from .archive import Archive

LOCAL_MAX_BATCH = 8  # the local engine's largest automatic batch: a CPU step over more is slow
LOCAL_BASE_RATE = "2e-4"  # core.engine.train.BASE_LEARNING_RATE, the LoRA rate a multiplier of 1 gives


class RetrainError(ValueError):
    pass


@dataclass
class Setting:
    name: str
    source: str
    here: str
    why: str

    @property
    def changed(self) -> bool:
        """A value that is not carried over as it was (files are copies, not changes)."""
        return self.source != self.here and not self.source.startswith("file-")


@dataclass
class Plan:
    request: JobRequest
    settings: list[Setting] = field(default_factory=list)
    source: str = ""  # provider/job id


def hyperparameters(job: dict[str, Any]) -> dict[str, Any]:
    """The job's hyperparameters as the provider resolved them (the method's own first)."""
    method = job.get("method") or {}
    inner = (method.get(method.get("type") or "supervised") or {}).get("hyperparameters") if isinstance(method, dict) else None
    out = dict(job.get("hyperparameters") or {})
    out.update({k: v for k, v in (inner or {}).items() if v is not None})
    return out


def suffix_of(job: dict[str, Any]) -> str:
    if job.get("user_provided_suffix"):
        return str(job["user_provided_suffix"])
    parts = str(job.get("fine_tuned_model") or "").split(":")
    return parts[3] if len(parts) >= 5 and parts[0] == "ft" else ""


def _show(value: Any) -> str:
    return "auto" if value in (None, "auto") else f"{value:g}" if isinstance(value, float) else str(value)


def suggest_base(source_model: str, available: list[str], default: str) -> str:
    """The source's own base model when the target has it, else the target's default."""
    if source_model in available:
        return source_model
    return default if default in available or not available else available[0]


def plan(archive: Archive, provider: str, job_id: str, *, base_model: str, local: bool) -> Plan:
    """The equivalent job for a target whose base model is ``base_model`` (``local``: the
    engine on this computer)."""
    job = archive.job(provider, job_id)
    if job is None:
        raise RetrainError(tr("{job} was not imported", job=job_id))
    train = archive.file(provider, job["training_file"])
    if train is None or not train.complete:
        raise RetrainError(tr("The training file {file} of {job} was not imported (the provider no longer has it), "
                              "so this job cannot be trained again from its data", file=job["training_file"],
                              job=job_id))
    valid = None
    if job.get("validation_file"):
        valid = archive.file(provider, job["validation_file"])
        if valid is None or not valid.complete:
            valid = None
    hp = hyperparameters(job)
    same = base_model == job.get("model")
    settings = [Setting(tr("Base model"), str(job.get("model")), base_model,
                        tr("the same model") if same else tr("the source model is not offered here"))]
    epochs = hp.get("n_epochs")
    settings.append(Setting(tr("Epochs"), _show(epochs), _show(epochs), tr("the same passes over the data")))
    batch = hp.get("batch_size")
    batch_here: Any = batch
    if same or batch in (None, "auto"):
        why = tr("the same")
    elif local and isinstance(batch, int) and batch > LOCAL_MAX_BATCH:
        batch_here = LOCAL_MAX_BATCH
        why = tr("a CPU trains at most {size} examples a step; every epoch still sees every example", size=LOCAL_MAX_BATCH)
    else:
        why = tr("the same")
    settings.append(Setting(tr("Batch size"), _show(batch), _show(batch_here), why))
    rate = hp.get("learning_rate_multiplier")
    rate_here: Any = rate
    if same or rate in (None, "auto"):
        why = tr("the same")
    else:
        rate_here = None
        why = (tr("the source scaled its model's own rate, which it does not publish; LoRA here starts from "
                  "{rate} (×1)", rate=LOCAL_BASE_RATE) if local
               else tr("the source's multiplier scaled another model's rate; the target chooses"))
    settings.append(Setting(tr("Learning-rate multiplier"), _show(rate), _show(rate_here), why))
    suffix = suffix_of(job)
    settings.append(Setting(tr("Suffix"), suffix or "—", suffix or "—", tr("the same")))
    seed = job.get("seed")
    settings.append(Setting(tr("Seed"), _show(seed), _show(seed), tr("the same order of examples")))
    settings.append(Setting(tr("Training file"), job["training_file"], train.filename,
                            tr("the imported copy, byte for byte")))
    if job.get("validation_file"):
        settings.append(Setting(tr("Validation file"), job["validation_file"], valid.filename if valid else "—",
                                tr("the imported copy, byte for byte") if valid
                                else tr("not imported: trained without validation")))
    request = JobRequest(
        model=base_model, training_path=train.path, validation_path=valid.path if valid else None,  # type: ignore[arg-type]
        suffix=suffix, n_epochs=epochs if isinstance(epochs, int) else None,
        batch_size=batch_here if isinstance(batch_here, int) else None,
        learning_rate_multiplier=float(rate_here) if isinstance(rate_here, (int, float)) else None,
        seed=seed if isinstance(seed, int) else None,
        metadata={"retrained_from": f"{provider}/{job_id}"})
    return Plan(request, settings, f"{provider}/{job_id}")
