from tests.engine.conftest import engine, model_cache, start_engine, tiny_model  # noqa: F401  (shared fixtures)
