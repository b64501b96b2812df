"""The words the CNIL PIA export writes, from the `CnilPia` group of the label catalogues."""

from __future__ import annotations

from dpia.labels import Lang, label
from dpia.model import Action
from dpia.scoring.findings import Level


def say(key: str, lang: Lang, **values: object) -> str:
    return label(key, lang, group="CnilPia").format(**values)


def level_word(level: Level, lang: Lang) -> str:
    """The CNIL's word for a level (Négligeable, Limitée, Importante, Maximale), as the tool's gauges say it."""
    return label(level, lang)


def action_line(action: Action, lang: Lang) -> str:
    return say(
        "action_line",
        lang,
        title=action.title,
        owner=action.owner,
        due=action.due.isoformat(),
        status=label(action.status, lang),
    )
