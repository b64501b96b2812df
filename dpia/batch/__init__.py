"""Batch mode: many answer files, one command, contained failures and a portfolio summary."""
