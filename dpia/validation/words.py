"""The words of `dpia validate` (words.yaml beside this module)."""

from pathlib import Path

from dpia.wordbook import Wordbook

word = Wordbook(Path(__file__).resolve().parent / "words.yaml")
