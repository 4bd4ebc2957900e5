"""Request bodies as typed models, with OpenAI's bounds: a body is checked whole before
anything is stored or run, so a wrong type is a 400 that names the field, never a 500
or a job stored in a shape that later breaks the job list."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from .errors import APIError, bad_request
from .ids import SUFFIX_OK

Auto = Literal["auto"]
Finite = Annotated[float, Field(allow_inf_nan=False)]
SEED_MAX = 2**31 - 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Hyperparameters(_Model):
    n_epochs: Auto | Annotated[StrictInt, Field(ge=1, le=50)] = "auto"
    batch_size: Auto | Annotated[StrictInt, Field(ge=1, le=256)] = "auto"
    learning_rate_multiplier: Auto | Annotated[Finite, Field(gt=0, le=100)] = "auto"


class Supervised(_Model):
    hyperparameters: Hyperparameters | None = None


class Method(_Model):
    type: StrictStr = "supervised"
    supervised: Supervised | None = None


class CreateJob(_Model):
    model: Annotated[StrictStr, Field(min_length=1, max_length=256)]
    training_file: Annotated[StrictStr, Field(min_length=1, max_length=256)]
    validation_file: Annotated[StrictStr, Field(max_length=256)] | None = None
    suffix: Annotated[StrictStr, Field(pattern=SUFFIX_OK.pattern)] | None = None
    seed: Annotated[StrictInt, Field(ge=0, le=SEED_MAX)] | None = None
    metadata: Annotated[dict[Annotated[StrictStr, Field(max_length=64)], Annotated[StrictStr, Field(max_length=512)]],
                        Field(max_length=16)] | None = None
    hyperparameters: Hyperparameters | None = None
    method: Method | None = None


class Message(_Model):
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: StrictStr | list[dict[str, Any]] | None = None
    name: StrictStr | None = None


class StreamOptions(_Model):
    include_usage: StrictBool | None = None


class Sampling(_Model):
    model: Annotated[StrictStr, Field(max_length=512)] = ""
    temperature: Annotated[Finite, Field(ge=0, le=2)] | None = None
    top_p: Annotated[Finite, Field(gt=0, le=1)] | None = None
    n: Annotated[StrictInt, Field(ge=1, le=1)] | None = None
    seed: Annotated[StrictInt, Field(ge=-(2**63), le=2**63 - 1)] | None = None
    max_tokens: Annotated[StrictInt, Field(ge=1, le=1_000_000)] | None = None
    max_completion_tokens: Annotated[StrictInt, Field(ge=1, le=1_000_000)] | None = None
    stop: StrictStr | Annotated[list[StrictStr], Field(max_length=4)] | None = None
    stream: StrictBool | None = None
    stream_options: StreamOptions | None = None


class ChatRequest(Sampling):
    messages: Annotated[list[Message], Field(min_length=1)]
    logprobs: StrictBool | None = None
    top_logprobs: Annotated[StrictInt, Field(ge=0, le=20)] | None = None


class CompletionRequest(Sampling):
    prompt: StrictStr | Annotated[list[StrictStr], Field(min_length=1, max_length=1)] = ""
    logprobs: Annotated[StrictInt, Field(ge=0, le=5)] | None = None


def parse_body(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a 400 that says why not (deep nesting included)."""
    try:
        body = json.loads(raw)
    except RecursionError:
        raise bad_request("The request body is nested too deeply") from None
    except ValueError:
        raise bad_request("The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object")
    return body


def _param(loc: tuple[Any, ...]) -> str:
    """The field's path, without the names pydantic gives the branches of a union."""
    parts = [str(p) for p in loc]
    return ".".join(p for p in parts if not (p.startswith(("function-", "constrained-", "literal[", "list[", "dict["))
                                             or p in ("str", "int", "float", "bool")))


def validated(model: type[_Model], body: dict[str, Any]) -> Any:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        errors = exc.errors()
        param = _param(errors[0]["loc"])
        # A union ("auto" or a number) reports each branch: say them all, once each.
        wanted = []
        for err in errors:
            if _param(err["loc"]) == param:
                msg = err["msg"].removeprefix("Input should be ")
                if msg not in wanted:
                    wanted.append(msg)
        text = "should be " + " or ".join(wanted) if errors[0]["msg"].startswith("Input should be ") else wanted[0]
        raise APIError(400, f"Invalid '{param}': {text}", param=param or None, code="invalid_request") from None
