"""Issue [6] B 10-11: streams closed early never hold up the next request, and many
streams at once all finish."""

from __future__ import annotations

import threading
import time

PROMPT = [{"role": "user", "content": "Tell me a long story."}]


def test_twenty_concurrent_streams_all_finish(engine):
    c = engine.client
    results: dict[int, tuple[int, str | None]] = {}
    errors: list[BaseException] = []

    def one(i: int) -> None:
        try:
            tokens, finish = 0, None
            stream = c.chat.completions.create(model="tiny", messages=PROMPT, temperature=0, max_tokens=200,
                                               stream=True, stream_options={"include_usage": True}, timeout=120)
            for chunk in stream:
                if chunk.choices and chunk.choices[0].finish_reason:
                    finish = chunk.choices[0].finish_reason
                if chunk.usage:
                    tokens = chunk.usage.completion_tokens
            results[i] = (tokens, finish)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert not errors, errors
    assert sorted(results) == list(range(20))
    # Greedy decoding on the random tiny model never meets its end token: every stream
    # runs to its 200 tokens.
    assert set(results.values()) == {(200, "length")}


def test_streams_abandoned_mid_reply_do_not_delay_the_next_request(engine):
    c = engine.client
    for _ in range(10):
        stream = c.chat.completions.create(model="tiny", messages=PROMPT, temperature=0, max_tokens=2000, stream=True)
        got = 0
        for chunk in stream:
            got += bool(chunk.choices and chunk.choices[0].delta.content)
            if got >= 3:
                break
        stream.close()  # what the Chat tab's Stop does
    started = time.monotonic()
    reply = c.chat.completions.create(model="tiny", messages=PROMPT, temperature=0, max_tokens=5, timeout=30)
    elapsed = time.monotonic() - started
    assert reply.usage.completion_tokens == 5
    assert elapsed < 1.0, f"the next request took {elapsed:.2f} s"


def test_a_stream_longer_than_the_body_timeout_is_not_cut(start_engine):
    engine = start_engine("--body-timeout", "0.1")  # the idle limit is for request bodies only
    started = time.monotonic()
    tokens = 0
    stream = engine.client.chat.completions.create(model="tiny", messages=PROMPT, temperature=0, max_tokens=400,
                                                   stream=True, stream_options={"include_usage": True})
    for chunk in stream:
        if chunk.usage:
            tokens = chunk.usage.completion_tokens
    assert tokens == 400 and time.monotonic() - started > 0.2, "the stream must outlast the body timeout"


def test_a_stream_that_fails_before_its_first_piece_is_an_http_error(engine):
    """A prompt longer than the model's context fails before anything is generated: the
    client's create(stream=True) raises a 400 with the engine's words, as without stream,
    instead of a 200 whose stream carries the error."""
    import openai
    import pytest

    c = engine.client
    too_long = [{"role": "user", "content": "Far too long. " * 400}]
    with pytest.raises(openai.BadRequestError) as whole:
        c.chat.completions.create(model="tiny", messages=too_long, max_tokens=4)
    with pytest.raises(openai.BadRequestError) as streamed:
        c.chat.completions.create(model="tiny", messages=too_long, max_tokens=4, stream=True)
    assert "context" in streamed.value.message and streamed.value.message == whole.value.message
    with pytest.raises(openai.BadRequestError):
        c.completions.create(model="tiny", prompt="Far too long. " * 400, max_tokens=4, stream=True)
    # a stream that starts still streams, from its first piece
    pieces = [ch.choices[0].delta.content for ch in c.chat.completions.create(
        model="tiny", messages=PROMPT, temperature=0, max_tokens=8, stream=True) if ch.choices]
    assert pieces[0] == "" and len("".join(p or "" for p in pieces)) > 0
