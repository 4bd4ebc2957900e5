"""The engine's HTTP API by resource (files, jobs, models, inference), each a FastAPI router
built around the Engine; request bodies are the pydantic models in ``core/engine/requests.py``."""
