"""The assessment model: what an answer file holds, and the single source of truth for it.

The JSON Schema (`dpia schema`), the answer-file reference (docs/answer-file.md), the wizard's
validation and the document context all derive from these classes. Field descriptions are written
for the person answering: they become the schema's descriptions and the wizard's help.
"""

# Annotations are evaluated as the classes are created, not kept as text (no `from __future__ import
# annotations`): pydantic would otherwise parse each one back from its text, which every command's
# start-up pays. A method that returns its own class says `Self`.
import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from dpia.countries import Country

SCHEMA_VERSION = "1.0"

# XML 1.0 forbids these characters; stripping them at the source means no output format can choke.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean_text(value: str) -> str:
    return XML_ILLEGAL.sub("", value).strip()


Text = Annotated[str, StringConstraints(max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class Strict(BaseModel):
    """Base of every answer-file object: unknown keys are errors, never silently dropped."""

    # defer_build: a part's own validator is built when first used alone; validating an answer file
    # builds one validator for the whole file, not one per part, which every command's start-up pays.
    model_config = ConfigDict(extra="forbid", use_enum_values=False, validate_default=True, defer_build=True)

    # One validator for the whole object rather than one per field ("*"): the same cleaning of every
    # answer, and the model builds twice as fast, which every command's start-up pays.
    @model_validator(mode="before")
    @classmethod
    def _strip_illegal_characters(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {key: _clean(value) if key in fields else value for key, value in data.items()}


def _clean(value: object) -> object:
    """A text answer, or a list's text items, without XML-illegal characters or surrounding blanks."""
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, list):
        return [_clean_text(item) if isinstance(item, str) else item for item in value]
    return value


# --------------------------------------------------------------------------------------------------
# Enumerations. Values are stable identifiers: answer files, JSON output and templates use them.


class ControllerType(StrEnum):
    health_establishment = "health_establishment"
    health_professional = "health_professional"
    public_authority = "public_authority"
    health_agency = "health_agency"
    company = "company"
    association = "association"


class Practice(StrEnum):
    """How care is practised, for a health professional or care provider."""

    individual = "individual"
    group = "group"
    health_centre = "health_centre"
    establishment = "establishment"


class LicensorCapability(StrEnum):
    """What a technology licensor can do to the running service."""

    ships_updates = "ships_updates"
    operates = "operates"
    supports = "supports"
    reaches_data = "reaches_data"


class ProviderRole(StrEnum):
    processor = "processor"
    sub_processor = "sub_processor"


class ProviderService(StrEnum):
    booking_platform = "booking_platform"
    cloud_infrastructure = "cloud_infrastructure"
    platform_service = "platform_service"
    software_service = "software_service"
    messaging = "messaging"
    customer_support = "customer_support"
    backup = "backup"
    key_management = "key_management"
    analytics = "analytics"
    other = "other"


class HdsCertification(StrEnum):
    none = "none"
    v1_2018 = "v1_2018"
    v2_2024 = "v2_2024"


class ExtraterritorialStatement(StrEnum):
    """HDS v2 requirements EXI 30 and 31: what the host says about extra-European laws."""

    not_published = "not_published"
    lists_foreign_laws = "lists_foreign_laws"
    states_no_risk = "states_no_risk"


class TransparencyReport(StrEnum):
    none = "none"
    aggregate = "aggregate"
    granular = "granular"


class Art6Basis(StrEnum):
    consent = "consent"
    contract = "contract"
    legal_obligation = "legal_obligation"
    vital_interests = "vital_interests"
    public_task = "public_task"
    legitimate_interests = "legitimate_interests"


class Art9Condition(StrEnum):
    not_applicable = "not_applicable"
    explicit_consent = "explicit_consent"
    employment_social_security = "employment_social_security"
    vital_interests = "vital_interests"
    non_profit_body = "non_profit_body"
    made_public = "made_public"
    legal_claims = "legal_claims"
    substantial_public_interest = "substantial_public_interest"
    health_care = "health_care"
    public_health = "public_health"
    archiving_research = "archiving_research"


class DataCategory(StrEnum):
    identity = "identity"
    contact = "contact"
    appointment = "appointment"
    eligibility = "eligibility"
    health = "health"
    medical_documents = "medical_documents"
    social_security_number = "social_security_number"
    location = "location"
    connection = "connection"
    payment = "payment"
    other = "other"


class SubjectCategory(StrEnum):
    patients = "patients"
    general_public = "general_public"
    health_professionals = "health_professionals"
    employees = "employees"
    relatives = "relatives"


class VulnerableGroup(StrEnum):
    elderly = "elderly"
    minors = "minors"
    patients = "patients"
    disabled = "disabled"
    protected_adults = "protected_adults"
    precarious = "precarious"


class GeographicScope(StrEnum):
    local = "local"
    regional = "regional"
    national = "national"
    international = "international"


class MeasureStatus(StrEnum):
    implemented = "implemented"
    planned = "planned"


class KeyManagement(StrEnum):
    """Who can decrypt: the ladder of the EDPB Recommendations 01/2020 use cases."""

    provider_managed = "provider_managed"
    customer_key_in_provider_kms = "customer_key_in_provider_kms"
    external_key_holder = "external_key_holder"
    client_side = "client_side"


class InformationMeans(StrEnum):
    online_notice = "online_notice"
    notice_at_collection = "notice_at_collection"
    email = "email"
    paper = "paper"
    poster = "poster"
    oral = "oral"


class RightsChannel(StrEnum):
    account_settings = "account_settings"
    online_form = "online_form"
    email = "email"
    postal_mail = "postal_mail"
    phone = "phone"
    in_person = "in_person"


class TransferTool(StrEnum):
    adequacy = "adequacy"
    data_privacy_framework = "data_privacy_framework"
    standard_contractual_clauses = "standard_contractual_clauses"
    binding_corporate_rules = "binding_corporate_rules"
    derogation = "derogation"
    none = "none"


class DpoVerdict(StrEnum):
    favourable = "favourable"
    favourable_with_reservations = "favourable_with_reservations"
    unfavourable = "unfavourable"
    pending = "pending"


class ActionStatus(StrEnum):
    todo = "todo"
    in_progress = "in_progress"
    done = "done"


class AssetType(StrEnum):
    hardware = "hardware"
    software = "software"
    network = "network"
    people = "people"
    paper = "paper"
    paper_channel = "paper_channel"


# --------------------------------------------------------------------------------------------------
# The processing and who is responsible for it.


class Organisation(Strict):
    name: ShortText = Field(description="Legal name of the organisation.")
    country: Country = Field(description="Country where the organisation is established.")
    type: ControllerType = Field(
        ControllerType.company,
        description="What kind of organisation it is; it decides which CNIL lists apply.",
    )
    contact: Text | None = Field(None, description="Address or contact point, as it should appear.")
    practice: Practice | None = Field(
        None,
        description="For a health professional or care provider: how care is practised: alone (individual), as "
        "a group practice sharing an agenda or patient files (group, joint controllers), as a health centre, or "
        "as an establishment. The CNIL exemption (deliberation 2019-118, item 6) needs an individual practice.",
    )
    state_body: bool | None = Field(
        None,
        description="A State administration, a State operator or a public interest group that the SREN law "
        "(art. 31) names; a commune or a département is not one. Unstated: the SecNumCloud check asks for review.",
    )


class Dpo(Strict):
    name: ShortText = Field(description="Name of the Data Protection Officer, or of the DPO service.")
    person: ShortText | None = Field(
        None,
        description="Name of the person who holds the DPO function, when `name` is a service. Unstated: the "
        "document leaves a blank to fill in by hand at signing.",
    )
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = Field(
        None, description="E-mail address at which data subjects can reach the DPO."
    )


class Processing(Strict):
    name: ShortText = Field(description="Name of the processing, e.g. 'Prise de rendez-vous de vaccination'.")
    description: Text = Field(min_length=1, description="What the processing does, in a few sentences.")
    purposes: list[ShortText] = Field(min_length=1, description="Each purpose, one per entry (Art. 5(1)(b)).")
    controller: Organisation = Field(description="The controller (Art. 4(7)).")
    joint_controllers: list[Organisation] = Field(
        default_factory=list, description="Any joint controllers (Art. 26), with the controller above."
    )
    dpo: Dpo | None = Field(None, description="The controller's DPO (Art. 37), if one is designated.")
    standards: list[ShortText] = Field(
        default_factory=list,
        description="Approved codes of conduct, certifications and reference frameworks that apply "
        "(e.g. 'Référentiel HDS', 'PGSSI-S').",
    )
    lifecycle: Text | None = Field(
        None, description="The data life cycle: collection, use, storage, deletion, in a few sentences."
    )
    alternatives: Text | None = Field(
        None,
        description="Less intrusive ways of reaching the purposes that were considered, and why they were set "
        "aside (Art. 35(7)(b)).",
    )
    in_operation_since: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")] | None = Field(
        None,
        description="When the processing started, if it already runs: YYYY-MM, or YYYY-MM-DD when the day is "
        "known. An assessment dated later regularises it (Art. 35(1) asks for the assessment before).",
    )

    @field_validator("in_operation_since")
    @classmethod
    def _a_real_day(cls, value: str | None) -> str | None:
        if value is not None and len(value) == 10:
            dt.date.fromisoformat(value)  # a day that does not exist (2021-02-30) is refused here
        return value

    def started(self) -> dt.date | None:
        """The first day the processing ran, as far as the answer says (the 1st when only the month is known)."""
        if self.in_operation_since is None:
            return None
        return dt.date.fromisoformat(
            self.in_operation_since if len(self.in_operation_since) == 10 else self.in_operation_since + "-01"
        )


# --------------------------------------------------------------------------------------------------
# The processor chain.


class Certifications(Strict):
    hds: HdsCertification = Field(
        HdsCertification.none,
        description="French health-data hosting certification (art. L.1111-8 CSP) and its version.",
    )
    hds_statement: ExtraterritorialStatement = Field(
        ExtraterritorialStatement.not_published,
        description="HDS v2 EXI 30/31: whether the host published which extra-European laws could compel "
        "access, or states there is no such risk.",
    )
    secnumcloud: bool = Field(False, description="Qualified SecNumCloud 3.2 by ANSSI for this service.")
    iso27001: bool = Field(False, description="ISO/IEC 27001 certified for this service.")
    iso27701: bool = Field(False, description="ISO/IEC 27701 certified for this service.")


class Commitments(Strict):
    art28_contract: bool = Field(
        False, description="A contract meeting Art. 28(3) binds this provider (or Art. 28(4) for a sub-processor)."
    )
    challenge_foreign_requests: bool = Field(
        False,
        description="The contract obliges the provider to contest foreign access requests that are general "
        "or contrary to EU law, and to notify the controller.",
    )
    no_transfer_clause: bool = Field(
        False, description="The contract forbids any transfer of the data outside the EEA."
    )
    transparency_report: TransparencyReport = Field(
        TransparencyReport.none,
        description="Whether the provider publishes government-request statistics; 'granular' means it "
        "reports disclosures of enterprise content stored outside its home country.",
    )
    known_foreign_requests: bool = Field(
        False, description="A foreign authority is known to have requested this service's data before."
    )


class Affiliate(Strict):
    """A company of the provider's group outside the EU, and what it can do to the service."""

    name: ShortText = Field(description="Legal name of the affiliate, e.g. 'Example Cloud Inc.'.")
    country: Country = Field(description="Country where the affiliate is established.")
    controls_provider: bool = Field(
        False, description="It controls the provider (capital, votes, board), directly or through others."
    )
    has_access: bool = Field(
        True,
        description="It can reach the service or the data: support, operations, software updates, remote "
        "administration. Unstated counts as yes; say no only for an unrelated subsidiary.",
    )


class TechnologyLicensor(Strict):
    """A vendor whose technology the provider runs: software, updates, sometimes support."""

    name: ShortText = Field(description="Legal name of the licensor's entity, e.g. 'Example Cloud LLC'.")
    country: Country = Field(description="Country where that entity is established.")
    parent: ShortText | None = Field(None, description="Its ultimate parent company, if any.")
    parent_country: Country | None = Field(None, description="Country of that parent company.")
    capabilities: list[LicensorCapability] = Field(
        min_length=1,
        description="What it can do: ship updates, operate the service, give support, or reach the data.",
    )
    operator_validates_updates: bool = Field(
        False,
        description="The operator checks each update before deploying it (e.g. SecNumCloud 3.2 §19.6); "
        "unstated counts as no.",
    )


class Provider(Strict):
    name: ShortText = Field(description="Legal name of the provider's contracting entity, e.g. 'AWS Sarl'.")
    kb: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)] | None = Field(
        None,
        description="The provider knowledge-base entry its facts were taken from (an id listed by "
        "`dpia providers`, e.g. 'aws-sarl'); the base's version is recorded in the document's provenance.",
    )
    role: ProviderRole = Field(description="Processor of the controller, or sub-processor of a processor.")
    service: ProviderService = Field(description="What the provider does in the processing.")

    processor_of: ShortText | None = Field(
        None,
        description="For a sub-processor: the name of the provider it works for, as given in this list.",
    )
    country: Country = Field(description="Country of the provider's legal entity.")
    parent: ShortText | None = Field(None, description="The ultimate parent company, if any.")
    parent_country: Country | None = Field(None, description="Country of the ultimate parent company.")
    non_eu_affiliates: bool = Field(
        False,
        description="The provider's group has affiliates outside the EU (e.g. a US or Canadian subsidiary) "
        "that a foreign court could order to produce data (SecNumCloud 3.2 §19.6).",
    )
    affiliates: list[Affiliate] = Field(
        default_factory=list,
        description="The group's companies outside the EU, each with whether it controls the provider or can reach "
        "the service or the data; only those count for foreign access (SecNumCloud 3.2 §19.6).",
    )
    technology_licensors: list[TechnologyLicensor] = Field(
        default_factory=list,
        description="Vendors whose technology the provider runs (software, updates, support), each with where "
        "it is established and what it can do to the running service.",
    )
    storage_countries: list[Country] = Field(
        default_factory=list, description="Countries where the provider stores the data (production)."
    )
    backup_countries: list[Country] = Field(
        default_factory=list, description="Countries where the provider keeps backups of the data."
    )
    administration_countries: list[Country] = Field(
        default_factory=list,
        description="Countries from which the provider administers the systems and gives support, remote "
        "access included.",
    )
    processes_clear_data: bool = Field(
        True,
        description="The data are in clear on the provider's machines while being processed (true for any "
        "host that runs the application).",
    )
    certifications: Certifications = Field(default_factory=Certifications, description="Its certifications.")
    commitments: Commitments = Field(default_factory=Commitments, description="Its contractual commitments.")

    @property
    def data_countries(self) -> set[str]:
        """Countries where the provider keeps or reaches the data."""
        return set(self.storage_countries) | set(self.backup_countries) | set(self.administration_countries)

    @field_validator("kb")
    @classmethod
    def _known_entry(cls, value: str | None) -> str | None:
        # A typo would silently cut the answers off from the base's dated facts and its provenance.
        from dpia.providers.ids import unknown_id_message

        if value is not None and (problem := unknown_id_message(value)) is not None:
            raise ValueError(problem)
        return value


class UnidentifiedProvider(Strict):
    """A sub-processor known to take part whose identity is not known at the date of the assessment (for
    example the router that sends the SMS or e-mail confirmations): the document says it is not identified
    and not assessed, and a check asks for it; nothing is assumed about its country or its group."""

    role: Literal["sub_processor"] = Field("sub_processor", description="Always a sub-processor of a processor.")
    service: ProviderService = Field(description="What it does in the processing, e.g. 'messaging'.")
    processor_of: ShortText | None = Field(None, description="The provider it works for, as named in `providers`.")
    description: ShortText = Field(
        description="What it does, in the document's words, e.g. 'envoi des SMS de confirmation et de rappel'."
    )


# --------------------------------------------------------------------------------------------------
# Legal basis, data, data subjects.


class LegalBasis(Strict):
    art6: Art6Basis = Field(description="The Art. 6(1) lawful basis.")
    art6_detail: Text | None = Field(None, description="The text that grounds it, e.g. the decree or the public task.")
    art9: Art9Condition = Field(
        Art9Condition.not_applicable,
        description="The Art. 9(2) condition lifting the ban on special categories (health data).",
    )
    art9_detail: Text | None = Field(None, description="The text that grounds the Art. 9(2) condition.")


class DataItem(Strict):
    category: DataCategory = Field(description="The category of personal data.")
    description: Text | None = Field(None, description="Which data exactly, e.g. 'surname, first names'.")
    stigmatising: bool | None = Field(
        None,
        description="The data reveal a stigmatising condition or care: psychiatry, HIV, addiction, fertility, "
        "sexual health. With a national identifier (NIR) or at large scale, disclosure may be irreversible. "
        "Asked of data that reveal health (health data, medical documents, appointments, eligibility); "
        "left out, it is missing and counts as yes.",
    )
    reveals: Text | None = Field(
        None,
        description="What these data reveal about the persons' health, as a phrase completing 'they reveal …', "
        "e.g. 'membership of the priority public (aged 75 or over, or a very-high-risk condition)'. Asked of "
        "data that reveal health indirectly (appointments, eligibility); the document's severity arguments, "
        "impacts and screening name it instead of a generic 'care sought'.",
    )
    retention_months: int = Field(
        ge=0, le=1200, description="How long the data are kept in the active system, in months."
    )
    retention_note: Text | None = Field(None, description="What starts the retention period and how deletion happens.")
    need: Text | None = Field(
        None,
        description="Why these data are needed for the purposes (Art. 5(1)(c)): what could not be done without them.",
    )
    retention_reason: Text | None = Field(
        None,
        description="Why they are kept that long (Art. 5(1)(e)): the event, use or legal obligation that sets the period.",
    )
    recipients: list[ShortText] = Field(
        default_factory=list, description="Who receives these data (Art. 4(9)), one per entry."
    )


class DataSubjects(Strict):
    categories: list[SubjectCategory] = Field(min_length=1, description="Whose data are processed.")
    vulnerable_groups: list[VulnerableGroup] = Field(
        default_factory=list,
        description="Vulnerable persons among them whom the processing targets or whose status it records "
        "(WP248 criterion 7).",
    )
    vulnerable_present_not_targeted: list[VulnerableGroup] = Field(
        default_factory=list,
        description="Vulnerable persons necessarily among those concerned whom the processing does not target and "
        "about whose status it holds no data, e.g. protected adults within an elderly population. Their "
        "vulnerability is weighed as an aggravating factor; the rules that raise severity for minors or protected "
        "adults apply to the groups in vulnerable_groups, which the processing targets.",
    )
    high_interest_persons: bool = Field(
        False,
        description="Persons of particular interest to foreign authorities are in scope (officials, "
        "military, journalists).",
    )
    high_interest_reason: Text | None = Field(
        None,
        description="Why persons of particular interest are, or are not, in scope, e.g. 'a national population "
        "that includes elected officials, military staff and public servants'. Printed beside the answer.",
    )
    disclosure_endangers: bool | None = Field(
        None,
        description="Disclosing these persons' data could endanger their safety (victims of violence, persons "
        "in hiding or under protection). Left out, it is missing and counts as yes.",
    )
    # 10 billion is more people than live on Earth: a larger count is a typo, not an estimate.
    count: int = Field(ge=0, le=10_000_000_000, description="Number of persons whose data are processed (estimate).")
    scope: GeographicScope = Field(GeographicScope.national, description="Geographic extent.")

    @model_validator(mode="after")
    def _targeted_or_not(self) -> Self:
        both = sorted(set(self.vulnerable_groups) & set(self.vulnerable_present_not_targeted))
        if both:
            raise ValueError(
                f"{', '.join(both)} cannot be both targeted (vulnerable_groups) and not targeted "
                "(vulnerable_present_not_targeted)"
            )
        return self


class SupportingAsset(Strict):
    name: ShortText = Field(description="The asset, e.g. 'Application web de prise de rendez-vous'.")
    type: AssetType = Field(description="The kind of supporting asset, as the CNIL method lists them.")
    provider: ShortText | None = Field(None, description="The provider that runs it, as named in providers.")


# --------------------------------------------------------------------------------------------------
# Measures: one entry per item of the CNIL knowledge-base catalogue (PIA, les bases de connaissances).


class Measure(Strict):
    status: MeasureStatus = Field(description="Implemented today, or planned (it then counts for residual risk).")
    description: Text | None = Field(None, description="How the measure is carried out.")


class EncryptionMeasure(Measure):
    in_transit: MeasureStatus | None = Field(None, description="TLS or equivalent on every network path.")
    key_management: KeyManagement = Field(
        KeyManagement.provider_managed, description="Who holds the keys that decrypt the stored data."
    )
    key_holder: ShortText | None = Field(None, description="Who holds the keys, when not the host.")
    key_holder_country: Country | None = Field(None, description="Where the key holder is established.")

    @model_validator(mode="after")
    def _external_holder_is_named(self) -> Self:
        if self.key_management is KeyManagement.external_key_holder and not self.key_holder_country:
            raise ValueError("key_holder_country is required when key_management is external_key_holder")
        return self


class PseudonymisationMeasure(Measure):
    secret_holder: ShortText | None = Field(None, description="Who keeps the re-identification secret (table or key).")
    secret_holder_country: Country | None = Field(None, description="Where that secret is kept.")
    prevents_singling_out: bool = Field(
        False,
        description="The pseudonymised records cannot single a person out with what a foreign authority may hold: "
        "no birth date, postcode, care pathway or other rich attribute is left in clear (EDPB Recs 01/2020, use "
        "case 2). Without it, pseudonymisation earns no credit against foreign access.",
    )


class AccessControlMeasure(Measure):
    multi_factor: bool = Field(False, description="Administrators and staff use multi-factor authentication.")


class BackupMeasure(Measure):
    retention_months: int | None = Field(None, ge=0, le=1200, description="How long backups keep the data, in months.")
    restore_tested: bool = Field(False, description="Restores are tested regularly.")


def _measure(slug: str, title: str) -> Any:
    """An optional measure field, described with its entry in the CNIL knowledge base.

    Typed `Any`, as `Field` itself is, so that each field keeps its own annotation.
    """
    return Field(
        default=None, description=f"{title} (CNIL knowledge base {slug}).", json_schema_extra={"cnil_slug": slug}
    )


class Measures(Strict):
    """Leave a measure out when it is neither implemented nor planned."""

    # Measures on data
    encryption: EncryptionMeasure | None = _measure("PIA_TEC_CHIF", "Encryption of stored data")
    pseudonymisation: PseudonymisationMeasure | None = _measure("PIA_DEF_PSEU", "Pseudonymisation")
    anonymisation: Measure | None = _measure("PIA_TEC_ANO", "Anonymisation")
    partitioning: Measure | None = _measure("PIA_TEC_CLO", "Partitioning data")
    logical_access_control: AccessControlMeasure | None = _measure("PIA_TEC_CTLA", "Logical access control")
    logging: Measure | None = _measure("PIA_TEC_LOG", "Traceability (logging)")
    archiving: Measure | None = _measure("PIA_TEC_ARCH", "Archiving")
    paper_security: Measure | None = _measure("PIA_TEC_PAP", "Paper document security")
    minimisation: Measure | None = _measure("PIA_TEC_MINI", "Minimising the amount of personal data")
    # General system security measures
    operating_security: Measure | None = _measure("PIA_SEC_EXP", "Operating security")
    malware_protection: Measure | None = _measure("PIA_SEC_MAL", "Clamping down on malicious software")
    workstation_management: Measure | None = _measure("PIA_SEC_COMP", "Managing workstations")
    website_security: Measure | None = _measure("PIA_SEC_WEB", "Website security")
    backups: BackupMeasure | None = _measure("PIA_SEC_BKP", "Backups")
    maintenance: Measure | None = _measure("PIA_SEC_MAIN", "Maintenance")
    processing_contracts: Measure | None = _measure("PIA_SEC_CTR", "Processing contracts")
    network_security: Measure | None = _measure("PIA_SEC_NET", "Network security")
    physical_access_control: Measure | None = _measure("PIA_SEC_PHY", "Physical access control")
    network_monitoring: Measure | None = _measure("PIA_SEC_LOG", "Monitoring network activity")
    hardware_security: Measure | None = _measure("PIA_SEC_MAT", "Hardware security")
    avoiding_risk_sources: Measure | None = _measure("PIA_SEC_SRC", "Avoiding sources of risk")
    non_human_risk_protection: Measure | None = _measure(
        "PIA_SEC_PROT", "Protecting against non-human sources of risks"
    )
    # Organisational measures
    privacy_organisation: Measure | None = _measure("PIA_ORG_ORG", "Organisation")
    privacy_policy: Measure | None = _measure("PIA_ORG_POL", "Policy")
    risk_management: Measure | None = _measure("PIA_ORG_RMGT", "Managing privacy risks")
    privacy_by_design: Measure | None = _measure("PIA_ORG_PBD", "Integrating privacy protection in projects")
    breach_management: Measure | None = _measure("PIA_ORG_VIOL", "Managing personal data violations")
    personnel_management: Measure | None = _measure("PIA_ORG_PERS", "Personnel management")
    third_party_relations: Measure | None = _measure("PIA_ORG_EXT", "Relations with third parties")
    supervision: Measure | None = _measure("PIA_ORG_AUD", "Supervision")

    def present(self) -> dict[str, Measure]:
        """The measures that are implemented or planned, in catalogue order."""
        return {name: value for name in type(self).model_fields if (value := getattr(self, name)) is not None}


def cnil_slug(measure_name: str) -> str:
    """The CNIL knowledge-base slug of a measure field of `Measures`."""
    extra = Measures.model_fields[measure_name].json_schema_extra
    assert isinstance(extra, dict)
    return str(extra["cnil_slug"])


MeasureName = StrEnum("MeasureName", {name: name for name in Measures.model_fields})  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------
# Rights, transfers, opinions, action plan.


class Rights(Strict):
    information: list[InformationMeans] = Field(
        min_length=1, description="How data subjects are informed (Art. 13 and 14)."
    )
    information_detail: Text | None = Field(None, description="Where the notice is and what it says.")
    consent: Text | None = Field(None, description="How consent is collected and withdrawn, when consent is a basis.")
    channels: list[RightsChannel] = Field(
        min_length=1, description="How data subjects exercise their rights (Art. 15 to 22)."
    )
    access_portability: Text | None = Field(None, description="How access and portability are handled.")
    rectification_erasure: Text | None = Field(
        None, description="How rectification and erasure are handled, e.g. self-service account deletion."
    )
    restriction_objection: Text | None = Field(None, description="How restriction and objection are handled.")
    response_days: int = Field(30, ge=1, le=90, description="Days within which requests are answered (Art. 12(3)).")


class Transfer(Strict):
    recipient: ShortText = Field(description="Who receives the data outside the EEA, as named in providers.")
    country: Country = Field(description="The country of destination.")
    tool: TransferTool = Field(description="The Chapter V tool the transfer relies on.")
    impact_assessment: bool = Field(False, description="A transfer impact assessment (CNIL AITD) was carried out.")
    description: Text | None = Field(None, description="What data go there and why.")


class DpoOpinion(Strict):
    verdict: DpoVerdict = Field(description="The DPO's conclusion on the processing.")
    text: Text | None = Field(None, description="The DPO's opinion, as written.")
    date: dt.date | None = Field(None, description="When the DPO gave the opinion (YYYY-MM-DD).")
    requested_actions: list[ShortText] = Field(
        default_factory=list,
        description="The proposed actions the opinion asks for, by their key (as under validation.actions). The "
        "opinion counts as followed only if the controller retains each of them.",
    )


class SubjectsViews(Strict):
    sought: bool = Field(description="The views of data subjects or their representatives were sought (Art. 35(9)).")
    who: Text | None = Field(None, description="Whose views, e.g. a patients' association.")
    views: Text | None = Field(None, description="Their views, summarised.")
    reason_not_sought: Text | None = Field(None, description="Why they were not sought.")
    planned: Text | None = Field(
        None,
        description="A consultation planned for later, e.g. a patients' association before the review; unstated "
        "when none is planned (the reason above then says why).",
    )
    favourable: bool | None = Field(
        None,
        description="Their conclusion: true if they consider the processing could be implemented, false if it "
        "should not be. It is the data subjects' status in the CNIL PIA software.",
    )
    followed: bool | None = Field(
        None, description="The controller followed the views it received (if not, the views say why)."
    )

    @model_validator(mode="after")
    def _explained(self) -> Self:
        if not self.sought and not self.reason_not_sought:
            raise ValueError("give reason_not_sought when the views were not sought")
        if not self.sought and self.favourable is not None:
            raise ValueError("favourable is their conclusion: give it only when the views were sought")
        return self


class Decision(StrEnum):
    approved = "approved"
    approved_with_conditions = "approved_with_conditions"
    refused = "refused"
    prior_consultation = "prior_consultation"


class ActionDecision(Strict):
    """The controller's decision on one action the analysis proposes: retained, or set aside."""

    action: ShortText = Field(
        description="The proposed action's key, as the draft document lists it under missing information, "
        "e.g. 'measure:backups', 'hds:Example Host' or 'ext_sovereign:AWS Sarl'."
    )
    retained: bool = Field(description="True if the action is retained (give owner and due), false if set aside.")
    owner: ShortText | None = Field(None, description="Who carries a retained action.")
    due: dt.date | None = Field(None, description="When a retained action is due (YYYY-MM-DD).")
    reason: Text | None = Field(None, description="Why the action is set aside.")


class Validation(Strict):
    """The controller's decision on the DPIA, as the CNIL method's validation step records it."""

    decision: Decision = Field(
        description="Approved, approved with conditions, refused, or submitted to the CNIL first (Art. 36)."
    )
    conditions: Text | None = Field(None, description="The conditions, when approved with conditions.")
    decided_by: ShortText | None = Field(None, description="Name and position of the person who decides.")
    date: dt.date | None = Field(None, description="Date of the decision (YYYY-MM-DD).")
    dpo_opinion_followed: bool | None = Field(None, description="The controller followed the DPO's opinion.")
    departure_reason: Text | None = Field(
        None, description="Why the DPO's opinion was not followed, when it was not (Art. 35(2))."
    )
    review_date: dt.date | None = Field(
        None, description="When the DPIA will be reviewed, or sooner if the risks change (Art. 35(11))."
    )
    signatory: ShortText | None = Field(
        None,
        description="Name of the person who signs, when decided_by gives only a position. Unstated: the document "
        "leaves a blank to fill in by hand at signing.",
    )
    actions: list[ActionDecision] = Field(
        default_factory=list,
        description="The decision on each action the analysis proposes (section 4.2), one entry per action.",
    )

    @field_validator("actions")
    @classmethod
    def _one_decision_per_action(cls, actions: list[ActionDecision]) -> list[ActionDecision]:
        keys = [decision.action for decision in actions]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"one decision per proposed action; repeated: {', '.join(repeated)}")
        return actions


class Revision(Strict):
    version: ShortText = Field(description="Version of the document, e.g. '1.0'.")
    date: dt.date = Field(description="Date of this version (YYYY-MM-DD).")
    author: ShortText = Field(description="Who wrote it.")
    changes: Text = Field(description="What changed in this version.")


class Action(Strict):
    title: ShortText = Field(description="What will be done.")
    measure: MeasureName | None = Field(
        None, description="The catalogue measure it puts in place, as named under measures."
    )
    owner: ShortText = Field(description="Who is in charge.")
    due: dt.date = Field(description="When it is due (YYYY-MM-DD).")
    status: ActionStatus = Field(ActionStatus.todo, description="Where it stands.")


# --------------------------------------------------------------------------------------------------
# The screening facts that the other answers cannot tell.


class ScreeningReasons(Strict):
    """Why each screening criterion answered yes applies to this processing, in a sentence."""

    evaluation_or_scoring: Text | None = Field(None, description="Why WP248 criterion 1 applies.")
    automated_decisions: Text | None = Field(None, description="Why WP248 criterion 2 applies.")
    systematic_monitoring: Text | None = Field(None, description="Why WP248 criterion 3 applies.")
    matching_datasets: Text | None = Field(None, description="Why WP248 criterion 6 applies.")
    innovative_technology: Text | None = Field(None, description="Why WP248 criterion 8 applies.")
    blocks_right_or_service: Text | None = Field(
        None,
        description="Why WP248 criterion 9 applies: how the processing prevents data subjects from exercising a "
        "right or using a service or a contract, e.g. 'the service is the main way to book a vaccination during the "
        "campaign'; when another way stays open, why the criterion is still held, or that it is arguable.",
    )
    health_crisis_alerts: Text | None = Field(None, description="Why CNIL list 2018-327 item 5 applies.")
    data_warehouse: Text | None = Field(None, description="Why CNIL list 2018-327 item 7 applies.")


class Screening(Strict):
    evaluation_or_scoring: bool = Field(False, description="WP248 criterion 1: evaluation, scoring, profiling.")
    automated_decisions: bool = Field(
        False, description="WP248 criterion 2: automated decisions with legal or similarly significant effect."
    )
    systematic_monitoring: bool = Field(False, description="WP248 criterion 3: systematic monitoring.")
    matching_datasets: bool = Field(
        False, description="WP248 criterion 6: datasets matched or combined from different sources."
    )
    innovative_technology: bool = Field(
        False, description="WP248 criterion 8: innovative use or new technological or organisational solution."
    )
    blocks_right_or_service: bool = Field(
        False,
        description="WP248 criterion 9: the processing prevents data subjects from exercising a right or using a "
        "service or a contract.",
    )
    health_crisis_alerts: bool = Field(
        False, description="CNIL list 2018-327 item 5: alerts or reports in health matters during a crisis."
    )
    data_warehouse: bool = Field(
        False, description="CNIL list 2018-327 item 7: the health data feed a warehouse or a register."
    )
    reasons: ScreeningReasons = Field(
        default_factory=ScreeningReasons,
        description="Why each criterion answered yes applies; the screening annex prints it beside the criterion.",
    )


# --------------------------------------------------------------------------------------------------
# The whole answer file.


class Assessment(Strict):
    """A Data Protection Impact Assessment's facts, as an answer file holds them."""

    model_config = ConfigDict(
        extra="forbid",
        title="dpia answer file",
        json_schema_extra={"$id": "https://dpia.invalid/schema/answers-1.0.json"},
    )

    schema_version: Literal["1.0"] = Field(description='Version of the answer-file format. Write "1.0".')
    author: ShortText | None = Field(None, description="Who wrote this assessment; goes into the document.")
    date: dt.date | None = Field(
        None,
        description="Date of the assessment (YYYY-MM-DD). The document shows this date, and none without it.",
    )
    processing: Processing = Field(description="The processing and who is responsible for it.")
    providers: list[Provider] = Field(
        default_factory=list, description="Every processor and sub-processor in the chain."
    )
    unidentified_providers: list[UnidentifiedProvider] = Field(
        default_factory=list,
        description="Sub-processors known to take part whose identity is not known yet (e.g. the SMS or e-mail "
        "router): the foreign-access level covers only the identified chain, and a check asks for them.",
    )
    legal_basis: LegalBasis = Field(description="The lawful basis (Art. 6) and the Art. 9(2) condition.")
    data: list[DataItem] = Field(min_length=1, description="The data categories, each with retention and recipients.")
    data_subjects: DataSubjects = Field(description="Whose data, and how many.")
    supporting_assets: list[SupportingAsset] = Field(
        default_factory=list, description="The supporting assets: hardware, software, networks, people, paper."
    )
    measures: Measures = Field(
        default_factory=Measures, description="Security measures, by CNIL knowledge-base catalogue item."
    )
    rights: Rights = Field(description="Information and the exercise of rights.")
    transfers: list[Transfer] = Field(
        default_factory=list, description="Transfers outside the EEA and the Chapter V tool of each."
    )
    screening: Screening = Field(
        default_factory=Screening, description="Screening facts that the other answers do not tell."
    )
    dpo_opinion: DpoOpinion | None = Field(None, description="The DPO's opinion (Art. 35(2)).")
    subjects_views: SubjectsViews | None = Field(None, description="The data subjects' views (Art. 35(9)).")
    action_plan: list[Action] = Field(default_factory=list, description="The planned measures, with owner and date.")
    validation: Validation | None = Field(None, description="The controller's decision on the DPIA.")
    history: list[Revision] = Field(default_factory=list, description="The versions of the document, oldest first.")
    language: Literal["fr", "en"] | None = Field(
        None,
        description="The language the free texts of this file are written in. A document in another language "
        "quotes them as written, in quotation marks inside its own sentences, and says so in its method "
        "section; it never translates them.",
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        names = [provider.name for provider in self.providers]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"provider names must be unique; repeated: {', '.join(duplicates)}")
        known = set(names)
        for provider in self.providers:
            if provider.processor_of is not None and provider.processor_of not in known:
                raise ValueError(
                    f"provider {provider.name!r} is processor_of {provider.processor_of!r}, "
                    f"which is not in providers ({', '.join(names)})"
                )
            if provider.role is ProviderRole.sub_processor and provider.processor_of is None:
                raise ValueError(f"sub-processor {provider.name!r} needs processor_of: whom does it work for?")
        return self

    @field_validator("validation")
    @classmethod
    def _followed_means_followed(cls, validation: Validation | None, info: ValidationInfo) -> Validation | None:
        """The signature block must not say the DPO's opinion was followed while setting aside an action
        the opinion asks for."""
        opinion = info.data.get("dpo_opinion")
        if validation is None or not validation.dpo_opinion_followed or opinion is None:
            return validation
        set_aside = {decision.action for decision in validation.actions if not decision.retained}
        dropped = [key for key in opinion.requested_actions if key in set_aside]
        if dropped:
            raise ValueError(
                "dpo_opinion_followed is true, but the DPO's opinion asks for "
                f"{', '.join(dropped)}, which validation.actions sets aside: set dpo_opinion_followed to false "
                "and give departure_reason, or retain the action"
            )
        return validation

    def provider(self, name: str) -> Provider | None:
        return next((provider for provider in self.providers if provider.name == name), None)

    def engaged_sub_processors(self) -> dict[str, list[str]]:
        """Each processor that engages named sub-processors, with their names, in the answers' order: what the
        controller's prior written authorisation (GDPR Art. 28(2)) must cover."""
        engaged: dict[str, list[str]] = {}
        for provider in self.providers:
            if provider.role is ProviderRole.sub_processor and provider.processor_of:
                engaged.setdefault(provider.processor_of, []).append(provider.name)
        return engaged


def json_schema() -> dict[str, object]:
    """The JSON Schema of answer files, for editors and other tools."""
    schema = Assessment.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
