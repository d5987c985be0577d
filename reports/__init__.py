"""Printed documents (PDF) of the campaign: placards, badges, forms, notices and reports.

Qt-free: reportlab only. The entry point is ``reports.render.render``; ``cli.printing`` is the
``python main.py print`` command. See docs/PRINTING.md.
"""
