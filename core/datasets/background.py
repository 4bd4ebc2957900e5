"""Read, validate and count a dataset in a child process, streaming the results back.

A desktop window cannot afford to share its interpreter with 100,000 examples being
parsed: every call from Qt into Python (each table cell painted) has to win the GIL
from the busy reader, and a repaint that takes 27 ms alone takes 130 ms or more. A
child process does the work on the other core; the window's thread only receives
ready chunks (a pipe read, then one unpickle).

``load_in_child`` yields, in order:

- ``("kind", Kind, model)`` once the first chunk tells what the examples are (and so
  which model counts them: ``chat_model`` for chat, the legacy default otherwise),
- ``("rows", Chunk)`` as soon as a chunk is read and validated (``parsed`` is empty),
- ``("counts", start, counts)`` once its tokens are counted,
- ``("end", Finished)`` after the dataset-wide checks, or
- raises ``ReadError`` if the file stops being readable half-way.

Closing the generator (or letting it be collected) kills the child.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .change import dataset_checks
from .load import stream
from .model import Diagnostic, Example, Kind, Source
from .models import dataset_model, tokenizer_factory
from .readers import ReadError, Sniffed
from .tokens import count_examples


@dataclass(slots=True)
class Finished:
    count: int
    kind: Kind
    source: Source
    read_diagnostics: list[Diagnostic]
    dataset_diagnostics: list[Diagnostic]


def _child(conn: Any, path: str, mapping: dict[str, str] | None, chat_model: str | None,
           sniffed: Sniffed | None) -> None:
    try:
        reader, chunks = stream(path, mapping, sniffed=sniffed)
        tokenizer = None
        examples: list[Example] = []
        per_example: list[list[Diagnostic]] = []
        totals: list[int] = []
        model = None
        for chunk in chunks:
            parsed, chunk.parsed = chunk.parsed, []
            if model is None:  # the kind is known once the first chunk is read
                model = dataset_model(reader.kind, chat_model)
                conn.send(("kind", reader.kind, model))
            conn.send(("rows", chunk))
            if tokenizer is None:  # after the first rows are on their way: loading it takes 0.3 s
                tokenizer = tokenizer_factory(model)()
            counts = count_examples(parsed, tokenizer)
            conn.send(("counts", chunk.start, counts))
            per = chunk.per_example()
            examples.extend(chunk.examples)
            per_example.extend(per)
            totals.extend(c[0] for c in counts)
        diags = dataset_checks(examples, reader.kind, per_example, totals, model or dataset_model(reader.kind))

        conn.send(("end", Finished(len(examples), reader.kind, reader.source, list(reader.read_diagnostics), diags)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent in words
        conn.send(("error", f"{type(exc).__name__}: {exc}" if not isinstance(exc, ReadError) else str(exc)))
    finally:
        conn.close()


def load_in_child(path: str | os.PathLike[str], mapping: dict[str, str] | None = None,
                  chat_model: str | None = None, sniffed: Sniffed | None = None) -> Iterator[tuple]:
    ctx = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, os.fspath(path), mapping, chat_model, sniffed), daemon=True,
                       name="tunedesk-reader")
    proc.start()
    send.close()
    try:
        while True:
            try:
                message = receive.recv()
            except EOFError:
                proc.join(5)
                raise ReadError(f"{os.fspath(path)}: reading stopped unexpectedly "
                                f"(the reader process exited with status {proc.exitcode})") from None
            if message[0] == "error":
                raise ReadError(message[1])
            yield message
            if message[0] == "end":
                return
    finally:
        receive.close()
        if proc.is_alive():
            proc.kill()
        proc.join()
