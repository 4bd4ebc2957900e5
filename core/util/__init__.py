"""Small helpers every layer uses: safe file writes (``files``) and formatting (``text``)."""
