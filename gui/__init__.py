"""TuneDesk's desktop app (PySide6). Everything it does goes through ``core``."""
