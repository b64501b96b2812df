"""The rule registry, read from the reviewed data files (dpia/scoring/data, checked by `ruledata`).

Every factor that moves a level is a rule with a stable id, its words in French and English, its
citations (each a public text with its date) and a worked example. The tables the scoring reads
(matrices, weights, thresholds, jurisdictions, adequacy decisions) come from the same files and are
exposed here as plain constants. The logic that applies them stays in the scoring modules, keyed by
rule id. A change to the data changes the digest, and a test fails until versions.yaml has a new
version, so that every output says which rules produced it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from dpia.labels import Lang
from dpia.scoring.ruledata import RuleBook, Source, Tier, Words, rulebook
from dpia.scoring.wording import MESSAGES, T

__all__ = ["Tier"]

_BOOK: RuleBook = rulebook()
RULES_VERSION = _BOOK.version
RULES_DIGEST = _BOOK.versions[-1].digest


def _t(words: Words) -> T:
    return T(words.fr, words.en)


@dataclass(frozen=True)
class Citation:
    """One cited text, with its pinpoint, and the date it bears."""

    text: T
    date: dt.date
    source: Source

    def json(self, lang: Lang) -> dict[str, str]:
        return {"text": self.text(lang), "date": self.date.isoformat()}


@dataclass(frozen=True)
class Rule:
    id: str
    title: T  # one line, shown by `dpia rules`
    text: T  # the full explanation, shown by `dpia rules ID`
    effect: T  # what the rule does to a level, e.g. "likelihood +1" or "floor 2"
    all_citations: tuple[Citation, ...]
    requires: tuple[Source, ...]  # all in force for the rule to apply; empty: any citation in force

    def citations(self, as_of: dt.date | None = None) -> list[Citation]:
        """The citations in force on `as_of` (all of them without a date)."""
        return [c for c in self.all_citations if as_of is None or c.source.in_force(as_of)]

    def citation(self, lang: Lang, as_of: dt.date | None = None) -> str:
        return ("; " if lang == "en" else " ; ").join(c.text(lang) for c in self.citations(as_of))

    def in_force(self, as_of: dt.date) -> bool:
        if self.requires:
            return all(source.in_force(as_of) for source in self.requires)
        return bool(self.citations(as_of))

    @property
    def in_force_from(self) -> dt.date:
        """The first day on which the rule applies."""
        if self.requires:
            return max(source.start for source in self.requires)
        return min(c.source.start for c in self.all_citations)


def _citation(book: RuleBook, source_id: str, at: Words | None) -> Citation:
    source = book.sources[source_id]
    text = _t(source.text)
    if at is not None:
        text = text + ", " + _t(at)
    return Citation(text, source.date, source)


@cache
def registry() -> dict[str, Rule]:
    book = _BOOK
    return {
        rule.id: Rule(
            id=rule.id,
            title=_t(rule.title),
            text=_t(rule.text),
            effect=_t(rule.effect),
            all_citations=tuple(_citation(book, c.source, c.at) for c in rule.citations),
            requires=tuple(book.sources[s] for s in rule.requires),
        )
        for rule in book.rules
    }


def get_rule(rule_id: str) -> Rule:
    return registry()[rule_id]


def find_rule(rule_id: str) -> tuple[Rule | None, list[str]]:
    """The rule with this id (case-insensitive), or None and the closest ids."""
    wanted = rule_id.strip().upper()
    table = registry()
    if wanted in table:
        return table[wanted], []
    return None, difflib.get_close_matches(wanted, list(table), n=5, cutoff=0.5)


def in_force(rule_id: str, as_of: dt.date) -> bool:
    return get_rule(rule_id).in_force(as_of)


def source_start(source_id: str) -> dt.date:
    return _BOOK.sources[source_id].start


def source_end(source_id: str) -> dt.date:
    end = _BOOK.sources[source_id].in_force_until
    assert end is not None, f"{source_id} has no end of force"
    return end


def source_in_force(source_id: str, as_of: dt.date) -> bool:
    """Whether a text of sources.yaml applies on `as_of` (a scheme version, a decision, a law)."""
    return _BOOK.sources[source_id].in_force(as_of)


def sources_in_force(source_ids: Iterable[str], as_of: dt.date, lang: Lang) -> list[tuple[str, bool]]:
    """The texts of these sources that apply on `as_of`, in `lang`, each with whether it is verified.

    A text dated after `as_of`, or no longer applying, is left out: a document applying the law of a
    date never cites what came later.
    """
    texts = []
    for source_id in source_ids:
        source = _BOOK.sources[source_id]
        if source.in_force(as_of):
            texts.append((getattr(source.text, lang), source.verified))
    return texts


def digest() -> str:
    """A fingerprint of every source, rule and table, and of the sentences that word the facts.

    Change it only with a new version in versions.yaml.
    """
    sentences = json.dumps({key: [t.fr, t.en] for key, t in sorted(MESSAGES.items())}, ensure_ascii=False)
    return hashlib.sha256((_BOOK.digest() + sentences).encode()).hexdigest()[:16]


def rules_latest_date() -> dt.date:
    """The newest date any source of these rules bears or starts or stops applying on.

    The as-of date of a draft without a date: the rules as they stand, never the clock.
    """
    dates = [
        day
        for source in _BOOK.sources.values()
        for day in (source.date, source.in_force_from, source.in_force_until)
        if day is not None
    ]
    return max(dates)


# --------------------------------------------------------------------------------------------------
# Tables the scoring reads.


@dataclass(frozen=True)
class Jurisdiction:
    country: str
    name: T
    tier: Tier
    verified: bool  # False: the citations come from secondary sources; check them before filing


_TABLES = _BOOK.tables
JURISDICTIONS: dict[str, Jurisdiction] = {
    code: Jurisdiction(code, _t(j.name), j.tier, j.verified) for code, j in _TABLES.jurisdictions.items()
}


def adequacy(country: str, as_of: dt.date) -> Source | None:
    """The adequacy decision in force for `country` on `as_of`, if any (the US: only for DPF-certified bodies)."""
    for source_id in _TABLES.adequacy.get(country, []):
        source = _BOOK.sources[source_id]
        if source.in_force(as_of):
            return source
    return None


EXT_MATRIX = _TABLES.ext_matrix
RISK_MATRIX = _TABLES.risk_matrix
CROSS_CHECK_PRIOR = _TABLES.cross_check.prior
CROSS_CHECK_T_FACTOR = _TABLES.cross_check.t_factor
CROSS_CHECK_INTEREST_FACTOR = _TABLES.cross_check.interest_factor
CROSS_CHECK_EVIDENCE_FACTOR = _TABLES.cross_check.evidence_factor
CROSS_CHECK_HORIZON_YEARS = _TABLES.cross_check.horizon_years
CROSS_CHECK_BANDS = _TABLES.cross_check.bands
SEVERITY_BY_CATEGORY = _TABLES.severity_by_category
HEALTH_PROPER = _TABLES.health_proper
CARE_INFERRING = _TABLES.care_inferring
HIGHLY_PERSONAL = _TABLES.highly_personal
DIRECT_IDENTIFIERS = _TABLES.direct_identifiers
SEVERITY_RAISING_GROUPS = _TABLES.severity_raising_groups
STIGMATISING_CARE = _TABLES.stigmatising_care
MEASURE_WEIGHTS = _TABLES.measure_weights
POINT_THRESHOLDS = _TABLES.point_thresholds
NEGLIGIBLE_REQUIRES = _TABLES.negligible_requires
LARGE_SCALE_PERSONS = _TABLES.large_scale_persons
NATIONAL_SCALE_PERSONS = _TABLES.national_scale_persons
SHORT_WINDOW_MONTHS = _TABLES.short_window_months
LONG_RETENTION_MONTHS = _TABLES.long_retention_months
LONG_RETENTION_PENALTY = _TABLES.long_retention_penalty
MANY_ACCOUNTS = _TABLES.many_accounts
EXAMINED_SETUPS = _TABLES.examined_setups


@cache
def measure_rule_id(event: str, measure: str) -> str:
    return f"{event}-M-{measure.upper().replace('_', '-')}"


def jurisdiction_rule_id(country: str) -> str:
    return f"EXT-LAW-{country}"


_TABLE_HEAD = {
    "fr": ("Version des règles {version}.", "| id | règle | effet | source | en vigueur depuis |"),
    "en": ("Rules version {version}.", "| id | rule | effect | citation | in force from |"),
}


def markdown_table(lang: Lang = "en") -> str:
    """The rules as a Markdown table, for docs/scoring.md (in English) or a French page."""
    version, head = _TABLE_HEAD[lang]
    lines = [version.format(version=RULES_VERSION), "", head, "|---|---|---|---|---|"]
    newest = rules_latest_date()
    for rule in registry().values():
        cited = rule.citation(lang, newest)
        cells = [rule.id, rule.title(lang), rule.effect(lang), cited, rule.in_force_from.isoformat()]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
