"""The provider knowledge base: curated, dated and cited facts about the providers health bookings meet.

Each fact has its sources (a URL and the date it was read) and the period it holds for; a fact no
readable document confirmed is `unverified` and has no sources. `facts_at(date)` gives the facts that
hold at a date, as the answer file's provider fields, so that an assessment dated 2021 is not judged on
a certification obtained in 2025. An entry reviewed more than 12 months before that date is stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dpia.countries import EEA, Country
from dpia.errors import InputError
from dpia.model import HdsCertification, LicensorCapability, ProviderService, TransparencyReport

DATA = Path(__file__).resolve().parent / "providers.yaml"
STALE_AFTER = dt.timedelta(days=365)
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
T = TypeVar("T")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    url: str = Field(pattern=r"^https?://\S+$", description="A public document that states the fact.")
    date: dt.date = Field(description="When it was read.")


class Fact(_Strict, Generic[T]):
    """One fact, with where it comes from and when it holds."""

    value: T
    sources: list[Source] = Field(default_factory=list)
    valid_from: dt.date | None = Field(None, description="The first day it holds; empty: not known to start.")
    valid_until: dt.date | None = Field(None, description="The last day it holds; empty: still holds.")
    unverified: bool = Field(False, description="No readable document confirmed it: the user must confirm it.")

    @model_validator(mode="after")
    def _sourced_or_unverified(self) -> Fact[T]:
        if self.unverified and self.sources:
            raise ValueError("an unverified fact has no sources (it has no check date)")
        if not self.unverified and not self.sources:
            raise ValueError("give the fact's sources, or mark it `unverified: true`")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self

    def holds_at(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class Affiliate(_Strict):
    name: str = Field(min_length=1)
    country: Country
    relation: Literal["controls", "can_access"] = Field(
        description="It controls the provider (a parent), or it can reach the service or its data."
    )


class Licensor(_Strict):
    """A vendor whose technology the provider runs (a 'trusted cloud' on a hyperscaler's stack)."""

    name: str = Field(min_length=1)
    country: Country
    capabilities: list[LicensorCapability] = Field(min_length=1, description="What it can do to the service.")
    operator_validates_updates: bool | None = Field(
        None, description="The operator validates each of its updates before deploying it; empty: not known."
    )


def _no_licensor_known() -> Fact[list[Licensor] | None]:
    return Fact[list[Licensor] | None](value=None, unverified=True)


class Entry(_Strict):
    id: Identifier
    name: str = Field(min_length=1, description="The name people know the provider by.")
    aliases: list[str] = Field(default_factory=list, description="Other names it is searched by.")
    services: list[ProviderService] = Field(min_length=1)
    reviewed: dt.date = Field(description="When the entry was last checked as a whole.")
    # A value of None is a fact the base does not know (unverified): the wizard asks it.
    legal_name: Fact[str]
    country: Fact[Country]
    parent: Fact[str | None]
    parent_country: Fact[Country | None]
    affiliates: Fact[list[Affiliate] | None]
    hds: Fact[HdsCertification | None]
    secnumcloud: Fact[Literal["qualified", "in_progress", "none"] | None]
    transparency_report: Fact[TransparencyReport | None]
    challenge_foreign_requests: Fact[bool | None]
    technology_licensors: Fact[list[Licensor] | None] = Field(
        default_factory=_no_licensor_known,
        description="The vendors whose technology it runs; an entry that does not say knows none (unverified).",
    )

    @model_validator(mode="after")
    def _sourced(self) -> Entry:
        if not self.sources():
            raise ValueError("every entry needs at least one dated source")
        late = [source.date for source in self.sources() if source.date > self.reviewed]
        if late:
            raise ValueError(f"a source was read on {late[0]}, after the entry's review date {self.reviewed}")
        return self

    def facts(self) -> Iterator[tuple[str, Fact[Any]]]:
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, Fact):
                yield name, value

    def sources(self) -> list[Source]:
        """Every source of the entry, once each (the same document read for several facts)."""
        seen: dict[str, Source] = {}
        for _, fact in self.facts():
            for source in fact.sources:
                seen.setdefault(source.url, source)
        return list(seen.values())

    def stale_at(self, day: dt.date) -> bool:
        return day - self.reviewed > STALE_AFTER

    def facts_at(self, day: dt.date) -> dict[str, Any]:
        """The provider fields of an answer file that the facts holding at `day` answer.

        A fact known only from a later date is left out: the wizard asks it instead."""
        fields: dict[str, Any] = {}

        def known(name: str) -> Fact[Any] | None:
            fact: Fact[Any] = getattr(self, name)
            return fact if fact.holds_at(day) and fact.value is not None else None

        if fact := known("legal_name"):
            fields["name"] = fact.value
        if fact := known("country"):
            fields["country"] = fact.value
        if fact := known("parent"):
            fields["parent"] = fact.value
        if fact := known("parent_country"):
            fields["parent_country"] = fact.value
        # Whether the group reaches outside the EU is known only when its affiliates are.
        if affiliates := known("affiliates"):
            countries = {affiliate.country for affiliate in affiliates.value}
            parent_country = known("parent_country")
            if parent_country is not None:
                countries.add(parent_country.value)
            fields["non_eu_affiliates"] = any(country not in EEA for country in countries)
            # The answer file lists the companies outside the EU, with what each can do.
            outside = [affiliate for affiliate in affiliates.value if affiliate.country not in EEA]
            if outside:
                fields["affiliates"] = [
                    {
                        "name": affiliate.name,
                        "country": affiliate.country,
                        "controls_provider": affiliate.relation == "controls",
                        "has_access": True,
                    }
                    for affiliate in outside
                ]
        if fact := known("hds"):
            fields.setdefault("certifications", {})["hds"] = fact.value.value
        if fact := known("secnumcloud"):
            fields.setdefault("certifications", {})["secnumcloud"] = fact.value == "qualified"
        if fact := known("transparency_report"):
            fields.setdefault("commitments", {})["transparency_report"] = fact.value.value
        if fact := known("challenge_foreign_requests"):
            fields.setdefault("commitments", {})["challenge_foreign_requests"] = fact.value
        if fact := known("technology_licensors"):
            fields["technology_licensors"] = [
                {
                    "name": licensor.name,
                    "country": licensor.country,
                    "capabilities": [capability.value for capability in licensor.capabilities],
                    **({"operator_validates_updates": True} if licensor.operator_validates_updates else {}),
                }
                for licensor in fact.value
            ]
        return fields


class KnowledgeBase(_Strict):
    format: Literal[1]
    version: str = Field(min_length=1, description="The base's version, recorded in the provenance.")
    providers: list[Entry] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> KnowledgeBase:
        ids = [entry.id for entry in self.providers]
        doubles = sorted({name for name in ids if ids.count(name) > 1})
        if doubles:
            raise ValueError(f"entry ids used twice: {', '.join(doubles)}")
        return self

    def get(self, entry_id: str) -> Entry | None:
        return next((entry for entry in self.providers if entry.id == entry_id), None)

    def search(self, text: str) -> list[Entry]:
        """Entries whose id, name or an alias contains `text` (case and accents ignored), best first."""
        wanted = _fold(text)
        if not wanted:
            return []
        exact, partial = [], []
        for entry in self.providers:
            names = [entry.id, entry.name, *entry.aliases]
            folded = [_fold(name) for name in names]
            if wanted in folded:
                exact.append(entry)
            elif any(wanted in name for name in folded):
                partial.append(entry)
        return exact + partial


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def load(path: Path = DATA) -> KnowledgeBase:
    """Read and check a knowledge-base file; InputError with every problem, located."""
    from dpia.answers import read_answers
    from dpia.questionnaire import _schema_problems

    content, locator, _ = read_answers(path)
    try:
        return KnowledgeBase.model_validate(content)
    except ValidationError as error:
        raise InputError(_schema_problems(error, str(path), locator)) from None


@cache
def shipped() -> KnowledgeBase:
    """The knowledge base shipped with dpia."""
    return load(DATA)
