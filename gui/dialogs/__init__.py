"""Dialogs for entering and editing records; each calls one core action."""
