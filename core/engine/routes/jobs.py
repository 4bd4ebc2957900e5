"""Fine-tuning jobs: create, list, retrieve, cancel, events, checkpoints."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ..errors import bad_request
from ..requests import parse_body
from ..store import TERMINAL
from .common import page, whole


def routes(engine: Any) -> APIRouter:
    router = APIRouter()

    # -- fine-tuning jobs ------------------------------------------------------------
    @router.post("/v1/fine_tuning/jobs")
    async def create_job(request: Request) -> dict[str, Any]:
        return engine.create_job(parse_body(await request.body()))

    @router.get("/v1/fine_tuning/jobs")
    def list_jobs(after: str | None = None, limit: int = 20) -> dict[str, Any]:
        return page([engine.job_obj(j) for j in engine.store.list_jobs()], after, whole(limit, 20, "limit", 1, 100))

    @router.get("/v1/fine_tuning/jobs/{job_id}")
    def get_job(job_id: str) -> dict[str, Any]:
        return engine.job_obj(engine.get_job(job_id))

    @router.post("/v1/fine_tuning/jobs/{job_id}/cancel")
    def cancel_job(job_id: str) -> dict[str, Any]:
        job = engine.get_job(job_id)
        if job["status"] in TERMINAL:
            raise bad_request(f"The job is already {job['status']} and cannot be cancelled", "fine_tuning_job_id",
                              "job_not_cancellable")
        engine.scheduler.cancel(job_id)
        return engine.job_obj(engine.get_job(job_id))

    @router.get("/v1/fine_tuning/jobs/{job_id}/events")
    def job_events(job_id: str, after: str | None = None, limit: int = 20) -> dict[str, Any]:
        engine.get_job(job_id)
        events = [engine.event_obj(r) for r in engine.store.list_events(job_id)]
        return page(events, after, whole(limit, 20, "limit", 1, 10000))

    @router.get("/v1/fine_tuning/jobs/{job_id}/checkpoints")
    def job_checkpoints(job_id: str, after: str | None = None, limit: int = 10) -> dict[str, Any]:
        engine.get_job(job_id)
        rows = [engine.checkpoint_obj(r) for r in engine.store.list_checkpoints(job_id)]
        return page(rows, after, whole(limit, 10, "limit", 1, 1000), ends=True)

    return router
