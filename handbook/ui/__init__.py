"""The desktop reader's widgets (PySide6). They show content and search results; app.py wires them."""
