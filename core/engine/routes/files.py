"""Files: upload (checked as a dataset), list, retrieve, content (HTTP Range answered, so
a download resumes), delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, Response
from openai.types import FileDeleted

from ...datasets import ReadError
from ...datasets.readers import DatasetReader
from .. import ids
from ..errors import bad_request, not_found
from .common import dump, page, whole


def routes(engine: Any) -> APIRouter:
    """``engine``: the server's Engine (core/engine/server.py)."""
    router = APIRouter()

    # -- files -----------------------------------------------------------------------
    @router.post("/v1/files")
    def upload(request: Request, file: UploadFile = File(...), purpose: str = Form(...)) -> dict[str, Any]:
        if purpose != "fine-tune":
            raise bad_request(f"Purpose '{purpose}' is not supported here; upload training data with purpose "
                              "'fine-tune'", "purpose", "invalid_purpose")
        fid = ids.file_id()
        path = engine.store.file_path(fid)
        size = 0
        try:
            with open(path, "wb") as out:
                while chunk := file.file.read(1 << 20):
                    size += len(chunk)
                    if size > engine.max_upload:
                        raise bad_request(f"The file is larger than this engine's limit of "
                                          f"{engine.max_upload:,} bytes", "file", "file_too_large")
                    out.write(chunk)
            if size == 0:
                raise bad_request("The file is empty", "file", "empty_file")
            try:
                DatasetReader(path)
            except ReadError as exc:
                raise bad_request(f"'{file.filename}' {str(exc).split(': ', 1)[-1]}", "file", "invalid_file") from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return engine.file_obj(engine.store.add_file(fid, file.filename or "upload.jsonl", purpose, size))

    @router.get("/v1/files")
    def list_files(purpose: str | None = None, after: str | None = None, limit: int = 10000,
                   order: str = "desc") -> dict[str, Any]:
        rows = [engine.file_obj(r) for r in engine.store.list_files(purpose)]
        if order == "asc":
            rows.reverse()
        return page(rows, after, whole(limit, 10000, "limit", 1, 10000), ends=True)

    def _file(file_id: str) -> Any:
        row = engine.store.get_file(file_id)
        if row is None:
            raise not_found("file", file_id, "file_id")
        return row

    @router.get("/v1/files/{file_id}")
    def get_file(file_id: str) -> dict[str, Any]:
        return engine.file_obj(_file(file_id))

    @router.get("/v1/files/{file_id}/content")
    def file_content(file_id: str) -> Response:
        row = _file(file_id)
        media = "text/csv" if row["purpose"] == "fine-tune-results" else "application/octet-stream"
        # A file response answers Range requests (206), so an interrupted download resumes.
        return FileResponse(row["path"], media_type=media)

    @router.delete("/v1/files/{file_id}")
    def delete_file(file_id: str) -> dict[str, Any]:
        _file(file_id)
        engine.store.delete_file(file_id)
        return dump(FileDeleted, {"id": file_id, "object": "file", "deleted": True})

    return router
