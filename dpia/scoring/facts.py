"""Facts derived once from the answers, that every part of the scoring reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dpia.countries import EEA
from dpia.model import (
    Art9Condition,
    Assessment,
    AssetType,
    BackupMeasure,
    DataCategory,
    DataItem,
    SubjectCategory,
)
from dpia.scoring import rules as R


@dataclass(frozen=True)
class Facts:
    categories: frozenset[str]
    count: int
    large_scale: bool
    national_scale: bool
    special_categories: bool
    health_proper: bool
    care_inferring: bool
    direct_identifiers: bool
    vulnerable: frozenset[str]
    severity_raising_groups: frozenset[str]
    high_interest: bool
    retention_months: int
    networked: bool
    paper: bool
    controller_country: str
    # The exposure window in months: the longest of the active retention and the stated backup
    # retention. It is a fact of the system, whatever the status of the backups measure, so that
    # implementing backups never moves it; unstated backup retention follows the active retention.
    window_months: int
    backups_declared: bool
    backup_retention_stated: bool
    as_of: dt.date  # the law of this date applies
    # An online service open to the public (or to patients) with many accounts: credential attacks
    # never become impossible, whatever the measures.
    public_service: bool
    # A stigmatising condition or care (psychiatry, HIV, addiction, fertility), declared or unstated for
    # data that reveal health: an unstated answer takes its least favourable value.
    stigmatising: bool
    endangering: bool  # disclosure could endanger the persons' safety, declared or unstated
    vulnerable_in_care: frozenset[str]  # minors or adults under protection whose care data are processed
    # False when the file has no `providers` key: nobody said who runs the processing, so every fact
    # that depends on the providers takes its least favourable value. `providers: []` states in-house.
    providers_stated: bool = True
    # Which of the two facts above hold only because the file does not state them (for the reasons).
    stigmatising_unstated: bool = False
    endangering_unstated: bool = False


def reveals_health(category: DataCategory) -> bool:
    """Data that are health data (Art. 4(15)) or reveal a person's health by the care they book or are
    eligible for (CE, 12 March 2021, n° 450163): the special categories the scoring rates as such."""
    return category.value in R.HEALTH_PROPER or category.value in R.CARE_INFERRING


def stigmatising_applies(category: DataCategory) -> bool:
    """Whether the stigmatising nature of a data item matters: data that reveal health, including an
    appointment or an eligibility that reveals the care sought (a psychiatric consultation, a vaccination
    offered only to a stigmatised group)."""
    return reveals_health(category)


def unstated_stigmatising(item: DataItem) -> bool:
    return item.stigmatising is None and stigmatising_applies(item.category)


def derive(assessment: Assessment, as_of: dt.date) -> Facts:
    categories = frozenset(item.category.value for item in assessment.data)
    subjects = assessment.data_subjects
    large = subjects.count >= R.LARGE_SCALE_PERSONS or subjects.scope.value in ("national", "international")
    health_proper = bool(categories & R.HEALTH_PROPER)
    care = bool(categories & R.CARE_INFERRING)
    vulnerable = frozenset(group.value for group in subjects.vulnerable_groups)
    if SubjectCategory.patients in subjects.categories:
        vulnerable |= {"patients"}
    if SubjectCategory.employees in subjects.categories:
        vulnerable |= {"employees"}
    asset_types = {asset.type for asset in assessment.supporting_assets}
    providers_stated = "providers" in assessment.model_fields_set
    # Unknown providers may run a networked public service: silence never lowers the likelihood.
    provided = bool(assessment.providers) or not providers_stated
    retention = max(item.retention_months for item in assessment.data)
    backups: BackupMeasure | None = assessment.measures.backups
    backup_months = backups.retention_months if backups is not None else None
    return Facts(
        categories=categories,
        count=subjects.count,
        large_scale=large,
        national_scale=subjects.count >= R.NATIONAL_SCALE_PERSONS,
        special_categories=health_proper or care or assessment.legal_basis.art9 is not Art9Condition.not_applicable,
        health_proper=health_proper,
        care_inferring=care,
        direct_identifiers=bool(categories & R.DIRECT_IDENTIFIERS),
        vulnerable=vulnerable,
        severity_raising_groups=vulnerable & R.SEVERITY_RAISING_GROUPS,
        high_interest=subjects.high_interest_persons,
        retention_months=retention,
        networked=provided or bool(asset_types & {AssetType.software, AssetType.network, AssetType.hardware}),
        paper=bool(asset_types & {AssetType.paper, AssetType.paper_channel}),
        controller_country=assessment.processing.controller.country,
        window_months=max(retention, backup_months or 0),
        backups_declared=backups is not None,
        backup_retention_stated=backup_months is not None,
        as_of=as_of,
        stigmatising=any(item.stigmatising or unstated_stigmatising(item) for item in assessment.data),
        endangering=subjects.disclosure_endangers is not False,
        vulnerable_in_care=(vulnerable & R.SEVERITY_RAISING_GROUPS) if health_proper else frozenset(),
        public_service=bool(provided or asset_types & {AssetType.software, AssetType.network})
        and subjects.count >= R.MANY_ACCOUNTS
        and bool({SubjectCategory.general_public, SubjectCategory.patients} & set(subjects.categories)),
        providers_stated=providers_stated,
        stigmatising_unstated=not any(item.stigmatising for item in assessment.data)
        and any(unstated_stigmatising(item) for item in assessment.data),
        endangering_unstated=subjects.disclosure_endangers is None,
    )


def in_eea(country: str | None) -> bool:
    return country is not None and country in EEA
