"""The rules as reviewed data: sources.yaml, rules.yaml, tables.yaml and versions.yaml beside this module.

A lawyer reviews these files in a diff; this module checks them against a schema when they are loaded
(once per process) and turns them into plain, frozen values. A broken file is a bug of the package,
not of the user's input, so it fails loudly with the file and the field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DATA = Path(__file__).resolve().parent / "data"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Data):
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Source(_Data):
    """A public text: a law, a decision, a guideline or a standard."""

    text: Words
    date: dt.date = Field(description="The date the text bears (adoption, decision or publication).")
    in_force_from: dt.date | None = Field(None, description="When it came into force, if later than `date`.")
    in_force_until: dt.date | None = Field(None, description="The first day it no longer applies.")
    verified: bool = True
    url: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Source:
        start = self.in_force_from or self.date
        if start < self.date:
            raise ValueError("in_force_from is earlier than the text's own date")
        if self.in_force_until is not None and self.in_force_until <= start:
            raise ValueError("in_force_until is not after the start of force")
        return self

    @property
    def start(self) -> dt.date:
        return self.in_force_from or self.date

    def in_force(self, as_of: dt.date) -> bool:
        return self.start <= as_of and (self.in_force_until is None or as_of < self.in_force_until)


class CitationRef(_Data):
    source: str
    at: Words | None = None  # the pinpoint: article, paragraph, use case


class Example(_Data):
    """A worked example: a sample answer file, changed by dotted paths, scored as of a date."""

    sample: str
    as_of: dt.date | None = None
    set: dict[str, Any] = Field(default_factory=dict)
    lang: str = "fr"


class RuleData(_Data):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9-]*[A-Z0-9]$")
    title: Words
    text: Words
    effect: Words
    citations: list[CitationRef] = Field(min_length=1)
    requires: list[str] = Field(
        default_factory=list,
        description="Sources that must all be in force for the rule to apply; by default any of its citations.",
    )
    example: Example | None = None


class Tier(StrEnum):
    """How a third country's law reaches providers, for the jurisdiction class J."""

    rule_of_law = "rule_of_law"  # compulsion through courts, with some redress (J2/J3)
    intelligence_duty = "intelligence_duty"  # statutory duty to assist intelligence in secret (J4)


class JurisdictionData(_Data):
    name: Words
    tier: Tier
    verified: bool


class CrossCheckData(_Data):
    prior: tuple[float, float, float, float, float]
    t_factor: tuple[float, float, float, float]
    interest_factor: float
    evidence_factor: float
    horizon_years: float
    bands: tuple[float, float, float]


Row4 = tuple[int, int, int, int]


class ProviderMatch(_Data):
    """A provider of an examined set-up, as an answer file names it: its knowledge-base id, or its legal name."""

    kb: str
    names: frozenset[str] = Field(description="Legal names, lower case, that designate it.")


class ExaminedSetup(_Data):
    """The set-up a decision examined, in facts an answer file states, so that a document can tell whether
    the set-up it assesses is that one. Every fact must hold; a fact the answers leave out does not."""

    processor: ProviderMatch = Field(description="The booking platform, a processor of the controller.")
    host: ProviderMatch = Field(description="Its host.")
    purpose_words: frozenset[str] = Field(
        min_length=1, description="Words, lower case, that all appear in the processing's name or purposes."
    )
    key_management: str = Field(description="Who held the encryption key (`measures.encryption.key_management`).")
    key_holder_country: str | None = Field(None, description="Where the key holder was established.")
    data_countries: frozenset[str] = Field(
        min_length=1, description="The host stored and backed up the data in these countries only."
    )


class Tables(_Data):
    jurisdictions: dict[str, JurisdictionData]
    adequacy: dict[str, list[str]] = Field(description="Country: the sources of its adequacy decisions.")
    ext_matrix: tuple[Row4, Row4, Row4, Row4, Row4]
    risk_matrix: tuple[Row4, Row4, Row4, Row4]
    cross_check: CrossCheckData
    severity_by_category: dict[str, dict[str, int]]
    health_proper: frozenset[str]
    care_inferring: frozenset[str]
    highly_personal: frozenset[str]
    direct_identifiers: frozenset[str]
    severity_raising_groups: frozenset[str]
    stigmatising_care: frozenset[str] = frozenset()
    measure_weights: dict[str, dict[str, int]]
    point_thresholds: tuple[int, int, int]
    # Per event, the groups of measures of which one each must count before the likelihood may be negligible:
    # measures that prevent the event or undo it, as opposed to those that only detect or organise.
    negligible_requires: dict[str, tuple[tuple[str, ...], ...]] = Field(default_factory=dict)
    large_scale_persons: int
    national_scale_persons: int
    short_window_months: int
    long_retention_months: int
    long_retention_penalty: int
    many_accounts: int = 0
    examined_setups: dict[str, ExaminedSetup] = Field(
        default_factory=dict, description="Source id of a decision: the set-up it examined."
    )


class Version(_Data):
    version: str
    digest: str


class RuleBook(_Data):
    sources: dict[str, Source]
    rules: list[RuleData]
    tables: Tables
    versions: list[Version] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> RuleBook:
        ids = [rule.id for rule in self.rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate rule ids: {', '.join(duplicates)}")
        for rule in self.rules:
            for ref in [*(c.source for c in rule.citations), *rule.requires]:
                if ref not in self.sources:
                    raise ValueError(f"rule {rule.id} cites unknown source {ref!r}")
        for country, refs in self.tables.adequacy.items():
            for ref in refs:
                if ref not in self.sources:
                    raise ValueError(f"adequacy of {country} cites unknown source {ref!r}")
        for ref in self.tables.examined_setups:
            if ref not in self.sources:
                raise ValueError(f"examined_setups names unknown source {ref!r}")
        return self

    def digest(self) -> str:
        """sha256 of everything but the version list, first 16 hex digits: any change moves it."""
        content = self.model_dump(exclude={"versions"})
        data = json.dumps(content, sort_keys=True, ensure_ascii=False, default=_canonical).encode()
        return hashlib.sha256(data).hexdigest()[:16]

    @property
    def version(self) -> str:
        return self.versions[-1].version


def _canonical(value: object) -> object:
    """Sets in a stable order and dates as ISO text, so that the digest never depends on the process."""
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot digest {type(value).__name__}")


def _read(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as handle:
        # libyaml's safe loader: the same result as yaml.safe_load, in C, ten times faster on rules.yaml.
        return yaml.load(handle, Loader=yaml.CSafeLoader)


@cache
def rulebook() -> RuleBook:
    raw = {
        "sources": _read("sources.yaml"),
        "rules": _read("rules.yaml")["rules"],
        "tables": _read("tables.yaml"),
        "versions": _read("versions.yaml"),
    }
    try:
        return RuleBook.model_validate(raw)
    except ValidationError as error:
        raise RuntimeError(f"dpia/scoring/data is invalid:\n{error}") from None
