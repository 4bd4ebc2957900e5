"""TuneDesk's headless core: plain Python that the GUI, the CLI and the engine call.

Nothing under ``core`` imports Qt or ``gui`` (tests/core/test_layering.py enforces it).
"""

__version__ = "0.1.0"
