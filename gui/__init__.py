"""The PySide6 desktop window. Depends on core/ (and reports/); nothing depends on it."""
