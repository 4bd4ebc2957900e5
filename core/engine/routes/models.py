"""Models: the base models and the tuned ones (and their checkpoints); delete a tuned one."""

from __future__ import annotations

import shutil
from typing import Any

from fastapi import APIRouter
from openai.types import ModelDeleted

from ..errors import APIError, not_found
from .common import dump


def routes(engine: Any) -> APIRouter:
    router = APIRouter()

    # -- models ----------------------------------------------------------------------
    @router.get("/v1/models")
    def list_models() -> dict[str, Any]:
        return {"object": "list", "data": engine.models()}

    @router.get("/v1/models/{model_id:path}")
    def get_model(model_id: str) -> dict[str, Any]:
        for m in engine.models():
            if m["id"] == model_id:
                return m
        raise not_found("model", model_id, "model")

    @router.delete("/v1/models/{model_id:path}")
    def delete_model(model_id: str) -> dict[str, Any]:
        row = engine.store.get_model(model_id)
        if row is None:
            if model_id in engine.catalog.specs:
                raise APIError(403, f"'{model_id}' is a base model; only fine-tuned models can be deleted",
                               type="invalid_request_error", param="model", code="model_not_deletable")
            raise not_found("model", model_id, "model")
        engine.store.delete_model(model_id)
        if row["kind"] == "fine-tuned":
            shutil.rmtree(row["adapter"], ignore_errors=True)
        return dump(ModelDeleted, {"id": model_id, "object": "model", "deleted": True})

    return router
