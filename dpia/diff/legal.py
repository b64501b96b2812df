"""The legal facts that changed between two as-of dates.

When the rules carry dated texts (each with when it came into force and when it ceased to apply),
the texts whose force changed between the two dates are listed from them. Rules without dated texts
leave only what the findings show: the citations of checks and reasons that appear or disappear,
and the result says that it was derived so.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any, Literal

from dpia.labels import Lang
from dpia.scoring.findings import Findings

Basis = Literal["dated_texts", "derived_from_checks", "same_date"]


@dataclass(frozen=True)
class LegalChange:
    id: str  # the text's id in the rules, or the citation itself when derived from the checks
    text: str
    event: Literal["came_into_force", "ceased", "citation_added", "citation_removed"]
    date: dt.date | None
    verified: bool = True


def _dated_texts() -> dict[str, Any] | None:
    """The rules' dated texts, if this version of the rules has them."""
    try:
        module = importlib.import_module("dpia.scoring.ruledata")
    except ImportError:
        return None
    book = getattr(module, "rulebook", None)
    sources = getattr(book(), "sources", None) if callable(book) else None
    return dict(sources) if isinstance(sources, dict) else None


def _from_dated(texts: dict[str, Any], old: dt.date, new: dt.date, lang: Lang) -> list[LegalChange]:
    """Texts that came into force or ceased in the interval between the two dates, in date order."""
    early, late = min(old, new), max(old, new)
    changes = []
    for text_id, source in texts.items():
        start: dt.date = source.start
        until: dt.date | None = source.in_force_until
        words: str = getattr(source.text, lang)
        verified = bool(getattr(source, "verified", True))
        if early < start <= late:
            changes.append(LegalChange(text_id, words, "came_into_force", start, verified))
        if until is not None and early < until <= late:
            changes.append(LegalChange(text_id, words, "ceased", until, verified))
    if new < old:  # read backwards: what came into force going forwards is what ceased going back
        flip = {"came_into_force": "ceased", "ceased": "came_into_force"}
        changes = [LegalChange(c.id, c.text, flip[c.event], c.date, c.verified) for c in changes]  # type: ignore[arg-type]
    return sorted(changes, key=lambda c: (c.date or dt.date.min, c.id, c.event))


def _citations(findings: Findings) -> set[str]:
    cited = {gate.citation for gate in findings.gates}
    cited |= {reason.citation for risk in findings.risks for reason in risk.reasons}
    return {citation for citation in cited if citation}


def _from_checks(old: Findings, new: Findings) -> list[LegalChange]:
    before, after = _citations(old), _citations(new)
    return [
        *(LegalChange(c, c, "citation_added", None) for c in sorted(after - before)),
        *(LegalChange(c, c, "citation_removed", None) for c in sorted(before - after)),
    ]


def legal_changes(old: Findings, new: Findings, lang: Lang) -> tuple[Basis, list[LegalChange]]:
    """What changed in the law between the two findings' as-of dates, and how it was found."""
    if old.as_of == new.as_of:
        return "same_date", []
    texts = _dated_texts()
    if texts is not None:
        return "dated_texts", _from_dated(texts, old.as_of, new.as_of, lang)
    return "derived_from_checks", _from_checks(old, new)
