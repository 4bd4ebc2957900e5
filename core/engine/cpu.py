"""How many threads a trainer should use on a machine it shares.

PyTorch's CPU kernels split each operation across threads that spin while they wait for
each other; one thread per core is fastest on an idle machine and ruinous on a busy one:
with one other CPU-bound program on 2 cores, a step took 48 s with 2 threads against
3.3 s with 1. So the trainer asks what the other programs use, leaves them their cores,
and asks again as it goes.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _system_busy_ticks() -> tuple[int, int] | None:
    """(busy, total) jiffies of the whole machine, from /proc/stat (Linux)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])
    return total - idle, total


def _own_ticks() -> int | None:
    """This process's CPU time in jiffies (all its threads)."""
    try:
        with open("/proc/self/stat") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@dataclass
class Sample:
    busy: int
    total: int
    own: int
    at: float


def sample() -> Sample | None:
    sys_ticks, own = _system_busy_ticks(), _own_ticks()
    if sys_ticks is None or own is None:
        return None
    return Sample(sys_ticks[0], sys_ticks[1], own, time.monotonic())


def others_busy(before: Sample, after: Sample, n_cores: int) -> float:
    """Cores' worth of CPU that other programs used between two samples."""
    total = after.total - before.total
    if total <= 0:
        return 0.0
    others = (after.busy - before.busy) - (after.own - before.own)
    return max(0.0, min(float(n_cores), n_cores * others / total))


def threads_for(n_cores: int, busy_elsewhere: float) -> int:
    """Leave the other programs the cores they use (a core counts once it is 40% used)."""
    return max(1, n_cores - math.floor(busy_elsewhere + 0.6))


def measure_others(seconds: float = 0.5) -> float | None:
    """Cores other programs use now, measured over ``seconds``; None where it cannot be told."""
    before = sample()
    if before is None:
        load = getattr(os, "getloadavg", None)
        return max(0.0, load()[0]) if load else None
    time.sleep(seconds)  # a measurement window, not a wait for something
    after = sample()
    return others_busy(before, after, cores()) if after else None


class Governor:
    """Re-checks the machine every ``every`` seconds of training and says when the thread
    count should change (to ``threads``), with the reason in words."""

    def __init__(self, every: float = 20.0, fixed: int | None = None) -> None:
        self.cores = cores()
        self.every = every
        if fixed:  # the user's choice: kept, never re-checked
            self.threads, self._last = fixed, None
            self.reason = f"Training with {fixed} thread{'s' if fixed > 1 else ''}, as set"
            return
        busy = measure_others()
        self.threads = threads_for(self.cores, busy or 0.0)
        self.reason = self._why(busy)
        self._last = sample()

    def _why(self, busy: float | None) -> str:
        plural = "s" if self.threads > 1 else ""
        if busy is None:
            return f"Training with {self.threads} thread{plural} ({self.cores} cores)"
        return (f"Training with {self.threads} thread{plural}: other programs use {busy:.1f} of this computer's "
                f"{self.cores} cores")

    def check(self) -> str | None:
        """A message when the thread count changed, else None."""
        now = sample()
        if now is None or self._last is None or now.at - self._last.at < self.every:
            return None
        busy = others_busy(self._last, now, self.cores)
        self._last = now
        wanted = threads_for(self.cores, busy)
        if wanted == self.threads:
            return None
        self.threads = wanted
        return self._why(busy)


class Pace:
    """Training speed in tokens per second, and the finish time it gives.

    Before a job's first step the speed comes from earlier jobs of the same model with
    the same thread count on this computer (cached beside the converted models). Then it
    is measured live: the first step after a start or a thread change warms up (memory,
    thread pools) and is left out, so the estimate follows what the job really does.
    """

    def __init__(self, cache_file: Path, model: str, threads: int) -> None:
        self.cache_file, self.model = cache_file, model
        self._start(threads)

    def _start(self, threads: int) -> None:
        self.threads = threads
        self._warm = False
        self._warmup: tuple[int, float] = (0, 0.0)
        self._tokens = 0
        self._seconds = 0.0
        self._mark = time.monotonic()

    def rethread(self, threads: int) -> None:
        self.save()
        self._start(threads)

    def _key(self) -> str:
        return f"{self.model}|{self.threads}"

    def cached(self) -> float | None:
        try:
            value = json.loads(self.cache_file.read_text()).get(self._key())
        except (OSError, ValueError, AttributeError):
            return None
        return float(value) if isinstance(value, (int, float)) and value > 0 else None

    def step(self, tokens: int) -> None:
        now = time.monotonic()
        if self._warm:
            self._tokens += tokens
            self._seconds += now - self._mark
        else:
            self._warmup = (tokens, now - self._mark)
        self._warm = True
        self._mark = now

    def rate(self) -> float | None:
        """Measured after the warm-up; else from earlier jobs; else the warm-up step's own
        (slower) pace, the best there is until the second step."""
        if self._tokens and self._seconds > 0:
            return self._tokens / self._seconds
        cached = self.cached()
        if cached:
            return cached
        tokens, seconds = self._warmup
        return tokens / seconds if tokens and seconds > 0 else None

    def finish(self, remaining_tokens: int, extra_seconds: float = 0.0) -> int | None:
        """Unix time the remaining tokens should be done, or None without a speed yet."""
        rate = self.rate()
        if not rate:
            return None
        return int(time.time() + remaining_tokens / rate + extra_seconds)

    def save(self) -> None:
        """Keep the measured speed for the next job of this model and thread count."""
        if not self._tokens or self._seconds < 1.0:
            return
        try:
            data = json.loads(self.cache_file.read_text())
            if not isinstance(data, dict):
                data = {}
        except (OSError, ValueError):
            data = {}
        data[self._key()] = round(self._tokens / self._seconds, 2)
        tmp = self.cache_file.with_name(f".{self.cache_file.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(data, indent=1))
            os.replace(tmp, self.cache_file)
        except OSError:
            tmp.unlink(missing_ok=True)


PRECISION_ENV = "TUNEDESK_TRAIN_PRECISION"  # "bf16" or "fp32": overrides the choice


def cpu_flags() -> set[str]:
    """The CPU's feature flags (Linux /proc/cpuinfo; empty elsewhere)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def training_precision(flags: set[str] | None = None) -> tuple[str, str]:
    """("bf16" or "fp32", why) for training on this CPU. bf16 only where the CPU computes
    it natively (AVX-512 BF16 or AMX): emulated, it is slower than fp32. The adapter and
    the optimizer stay fp32 either way."""
    forced = os.environ.get(PRECISION_ENV, "").strip().lower()
    if forced in ("bf16", "fp32"):
        return forced, f"Training in {forced}, as {PRECISION_ENV} asks"
    flags = cpu_flags() if flags is None else flags
    native = [name for flag, name in (("amx_bf16", "AMX"), ("avx512_bf16", "AVX-512 BF16")) if flag in flags]
    if native:
        return "bf16", (f"Training in bf16 mixed precision: this CPU computes bfloat16 natively ({native[0]}); "
                        "the adapter and the optimizer stay in fp32")
    return "fp32", "Training in fp32: this CPU has no native bfloat16 (AVX-512 BF16 or AMX), where bf16 would be slower"
