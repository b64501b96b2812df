"""What scoring produces: the contract between the pure core and every output.

`assess(assessment) -> Findings` fills these; the document, the JSON score, the CNIL PIA export
and the batch summary read them. Nothing here knows about files, Word or terminals.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum, StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Level(IntEnum):
    """The CNIL four-level scale, shared by severity, likelihood and risk level."""

    negligible = 1
    limited = 2
    significant = 3
    maximum = 4


class RiskId(StrEnum):
    illegitimate_access = "illegitimate_access"
    unwanted_modification = "unwanted_modification"
    disappearance = "disappearance"
    extraterritorial_access = "extraterritorial_access"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CitedText(Frozen):
    """A public text a rule rests on, as cited, with the date it bears."""

    text: str
    date: str = Field(description="YYYY-MM-DD")


class Reason(Frozen):
    """One rule that fired, with the facts that made it fire."""

    rule: str = Field(description="Stable rule id, e.g. 'EXT-J2'; `dpia rules ID` explains it.")
    text: str = Field(description="The rule's sentence, with the facts of this assessment.")
    citation: str = Field(description="The articles, guidelines or decisions the rule rests on, in force on `as_of`.")
    citations: list[CitedText] = Field(default_factory=list, description="The same, one text at a time, with dates.")
    effect: str = Field("", description="What it did to the level, e.g. 'likelihood +1' or 'floor 2'.")


class Levels(Frozen):
    severity: Level
    likelihood: Level
    level: Level


class Condition(Frozen):
    """A point to examine that a risk's level rests on: a fact the answers declare without proving it, and
    what would follow if it turned out otherwise, found by scoring a copy of the answers in which it fails."""

    gate: str = Field(description="The check that asks for it, e.g. 'GATE-KEY-HOLDER'.")
    if_failed: Levels | None = Field(
        None,
        description="The risk's residual levels if the fact failed; None when the rules cannot say before the "
        "missing facts are known (the risk is then reassessed).",
    )
    member: str = Field("", description="The provider whose link would then set the level.")
    floor: str = Field("", description="The floor that would then set the lowest level (ForeignLink.least_reason).")
    high: bool = Field(False, description="The risk would then be high (Art. 36).")


class Risk(Frozen):
    id: RiskId
    initial: Levels = Field(description="With the implemented measures.")
    residual: Levels = Field(description="With the planned measures of the action plan implemented too.")
    reasons: list[Reason] = Field(description="Every rule that moved this risk, in the order applied.")
    impacts: list[str] = Field(default_factory=list, description="Potential impacts on data subjects.")
    threats: list[str] = Field(default_factory=list, description="Threats that could lead to the feared event.")
    sources: list[str] = Field(default_factory=list, description="Risk sources (human internal/external, non-human).")
    measures: list[str] = Field(
        default_factory=list, description="Names of the `Measures` fields that address this risk and are present."
    )
    retained: list[str] = Field(
        default_factory=list,
        description="Names of the `Measures` fields that address this risk and that an action retained in the "
        "decision puts in place: counted in `residual` (LVL-RESIDUAL), not listed under `measures`.",
    )
    severity_justification: str = ""
    likelihood_justification: str = ""
    conditions: list[Condition] = Field(
        default_factory=list,
        description="The points to examine the level rests on, and what would follow if each failed.",
    )


class Criterion(Frozen):
    """A screening criterion (Art. 35(3), WP248, CNIL lists) and whether it is met."""

    id: str
    text: str
    citation: str
    met: bool
    because: str = ""


class Screening(Frozen):
    required: bool
    criteria: list[Criterion] = Field(description="Every criterion examined; `met` tells which apply.")
    exempt: bool = Field(False, description="The processing is on the CNIL list of exemptions (2019-118).")
    summary: str = ""


class GateStatus(StrEnum):
    passed = "pass"
    failed = "fail"
    review = "review"
    not_applicable = "not_applicable"
    # In place, but it does not do all it is expected to do (encryption at rest while a provider exposed
    # to a third country's law processes the data in clear): the reason says what is missing.
    partial = "partial"


class Gate(Frozen):
    """A compliance check reported beside the score, never mixed into it."""

    id: str
    status: GateStatus
    text: str
    citation: str


class Recommendation(Frozen):
    """A catalogue measure that lowers a risk, found by re-scoring with the measure in place."""

    measure: str = Field(description="Name of the `Measures` field, e.g. 'encryption'.")
    risk: RiskId
    before: Levels
    after: Levels
    gain: int = Field(description="How many levels the risk drops (before.level - after.level), or sub-level gain.")
    text: str = ""


class CrossCheck(Frozen):
    """Probability cross-check of extraterritorial access, for display only."""

    annual_probability: float
    years: float
    probability: float
    formula: str
    band: Level
    agrees: bool = Field(description="Within one band of the scored likelihood.")


class ForeignLink(Frozen):
    """How one exposed link of the provider chain got its extraterritorial likelihood, for the document's
    argument: the structural starting level, what moved it (by one level at most) and the floor that held."""

    member: str = Field(description="The provider (or controller) named in the answers.")
    start: Level = Field(description="Structural likelihood from its jurisdiction and technical classes.")
    lowered_by: list[str] = Field(
        default_factory=list,
        description="What lowered it: 'evidence' (verifiable practice), 'window' (short exposure).",
    )
    raised_by: list[str] = Field(default_factory=list, description="What raised it: 'interest' (data of interest).")
    adjustment: int = Field(description="The net move after clipping to one level: -1, 0 or +1.")
    floor: str = Field(
        "",
        description="The floor that held the level up, if any: 'clear_data', 'keys', 'admin_abroad', "
        "'hostile_state' or 'known_requests'.",
    )
    likelihood: Level = Field(description="The link's final likelihood.")
    jurisdiction: int = Field(0, ge=0, le=4, description="Its jurisdiction class J (0 to 4): who can compel it.")
    technical: int = Field(0, ge=0, le=3, description="Its technical class T (0 to 3): can it hand over clear data.")
    least: Level = Field(
        Level(1), description="The lowest level the floors allow it, whether or not a floor held it up."
    )
    least_reason: str = Field(
        "", description="The floor that sets `least` (same values as `floor`), or '' when no floor applies."
    )


class Findings(Frozen):
    rules_version: str
    as_of: dt.date = Field(description="The date whose law these findings apply; no text dated later is cited.")
    as_of_basis: str = Field(
        description="Where `as_of` came from: 'answer_date' (the file's `date`), 'option' (`--as-of`) or "
        "'rules_latest' (a draft without a date: the newest date the rules know, never the clock)."
    )
    lang: str = Field("fr", description="Language of every text of these findings: 'fr' or 'en'.")
    screening: Screening
    risks: list[Risk] = Field(description="One per RiskId, in RiskId order.")
    recommendations: list[Recommendation] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    cross_check: CrossCheck | None = None
    foreign_links: list[ForeignLink] = Field(
        default_factory=list, description="The exposed links of the chain, with how each likelihood was reached."
    )
    no_go: bool = Field(False, description="A floor that no measure can undo forbids the set-up as it is.")
    prior_consultation: bool = Field(
        description="Art. 36: some residual risk is high (severity and likelihood ≥ 3, or severity 4 and likelihood ≥ 2)."
    )

    @property
    def dpia_required(self) -> bool:
        return self.screening.required

    def risk(self, risk_id: RiskId | str) -> Risk:
        return next(risk for risk in self.risks if risk.id == risk_id)
