import pytest

try:
    from PySide6 import QtWidgets  # noqa: F401
except ImportError as exc:  # Qt's system libraries are missing on this machine
    pytest.skip(f"Qt cannot load here ({exc}); .ci/run installs its system libraries",
                allow_module_level=True)
