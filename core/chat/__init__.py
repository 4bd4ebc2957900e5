"""Chat: the conversations store (SQLite with full-text search), presets, request
building and streaming replies through the ``openai`` SDK."""
