"""The words of `dpia package` and of its cover letter (words.yaml beside this module)."""

from pathlib import Path

from dpia.wordbook import Wordbook

word = Wordbook(Path(__file__).resolve().parent / "words.yaml")
