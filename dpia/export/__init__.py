"""Exports of an assessment to other tools' formats (the CNIL's PIA software first)."""
