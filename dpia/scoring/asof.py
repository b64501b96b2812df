"""The date whose law an assessment applies: the answer file's `date`, an explicit option, or, for a
draft without a date, the newest date the rules know. Never the clock: the same file gives the same
findings on any day."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class AsOfBasis(StrEnum):
    """Where the as-of date came from, so that every output can say it."""

    answer_date = "answer_date"  # the assessment's own `date`
    option = "option"  # `--as-of` (a reassessment under the law of another day)
    rules_latest = "rules_latest"  # a draft without a date: the newest date these rules know


def resolve(answer_date: dt.date | None, option: dt.date | None) -> tuple[dt.date, AsOfBasis]:
    """The as-of date and its basis; the option wins over the file's date."""
    if option is not None:
        return option, AsOfBasis.option
    if answer_date is not None:
        return answer_date, AsOfBasis.answer_date
    from dpia.scoring.rules import rules_latest_date

    return rules_latest_date(), AsOfBasis.rules_latest


def parse_iso_date(text: str) -> dt.date:
    """YYYY-MM-DD exactly, or ValueError with a message a user can act on."""
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD, e.g. 2021-03-12") from None
