"""The rule registry: every factor that moves a level, with a stable id, a sentence and its source.

This is the one place where weights, matrices, thresholds and the foreign laws that reach each
country live. The scoring modules read these tables; they hold no numbers of their own. Change a
rule here, then bump RULES_VERSION and RULES_DIGEST (a test recomputes the digest and fails until
you do), so that every output says which rules produced it.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import cache

RULES_VERSION = "2026.1"
# sha256 of the registry's content (rules, weights, matrices, jurisdictions), first 16 hex digits.
RULES_DIGEST = "8b0263b7de3789c0"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # one line, shown by `dpia rules`
    text: str  # the full explanation, shown by `dpia rules ID`
    citation: str
    effect: str  # what the rule does to a level, e.g. "likelihood +1" or "floor 2"


# --------------------------------------------------------------------------------------------------
# Sources, cited once and reused.

CNIL_KB = "CNIL, PIA – les bases de connaissances (février 2018)"
CNIL_METHOD = "CNIL, PIA – la méthode (février 2018), §3.2 et échelles des bases de connaissances"
CE_2021 = "CE, réf., 12 mars 2021, n° 450163 (Doctolib / AWS)"
CE_HDH = "CE, réf., 13 oct. 2020, n° 444937; CE, réf., 22 mars 2024, n° 492369; CE, réf., 25 avr. 2025, n° 503163"
EDPB_0120 = "EDPB, Recommendations 01/2020 on supplementary measures, v2.0 (18 June 2021)"
EDPB_0521 = "EDPB, Guidelines 05/2021 on the interplay between Art. 3 and Chapter V GDPR, v2.0, Example 12"
HDS_V2 = "Référentiel HDS v2, arrêté du 26 avril 2024, chapitre 7 (EXI 28 à 31)"
SNC = "ANSSI, SecNumCloud 3.2 (8 mars 2022), §19.2 et §19.6"
WP248 = "WP29, Guidelines on DPIA, WP248 rev.01 (4 Oct. 2017), endorsed by the EDPB, §III.B.a"
CNIL_327 = "CNIL, délibération n° 2018-327 du 11 octobre 2018 (liste des traitements soumis à AIPD)"
CNIL_118 = "CNIL, délibération n° 2019-118 du 12 septembre 2019 (liste des traitements dispensés d'AIPD)"
REF_MODEL = "EXT-ACCESS model (docs/scoring.md)"


# --------------------------------------------------------------------------------------------------
# Tables the scoring reads.


class Tier(StrEnum):
    """How a third country's law reaches providers, for the jurisdiction class J."""

    rule_of_law = "rule_of_law"  # compulsion through courts, with some redress (reference J2/J3)
    intelligence_duty = "intelligence_duty"  # statutory duty to assist intelligence in secret (J4)


@dataclass(frozen=True)
class Jurisdiction:
    country: str
    name: str
    tier: Tier
    laws: tuple[str, ...]
    verified: bool  # False: the citations come from secondary sources; check them before filing


JURISDICTIONS: dict[str, Jurisdiction] = {
    j.country: j
    for j in (
        Jurisdiction(
            "US",
            "United States",
            Tier.rule_of_law,
            (
                "CLOUD Act, 18 U.S.C. §2713 (data in a provider's possession, custody or control, wherever stored)",
                "FISA §702, 50 U.S.C. §1881a (directives to electronic communication service providers)",
                "Executive Order 12333 (collection abroad and in transit)",
            ),
            True,
        ),
        Jurisdiction(
            "CN",
            "China",
            Tier.intelligence_duty,
            (
                "National Intelligence Law 2017, art. 7 and 14 (duty to support and cooperate with intelligence work, in secret)",
                "Cybersecurity Law 2017, art. 28 (technical support to security organs)",
                "Counter-Espionage Law 2014, revised 2023",
            ),
            True,
        ),
        Jurisdiction(
            "RU",
            "Russia",
            Tier.intelligence_duty,
            (
                "Federal Law n° 149-FZ on information, art. 10.1 (duties of information-distribution organisers towards the FSB)",
                "Federal Law n° 374-FZ of 6 July 2016 (storage and disclosure duties)",
            ),
            False,
        ),
        Jurisdiction(
            "GB",
            "United Kingdom",
            Tier.rule_of_law,
            ("Investigatory Powers Act 2016 (production and interception warrants, technical capability notices)",),
            False,
        ),
        Jurisdiction(
            "CA",
            "Canada",
            Tier.rule_of_law,
            ("Criminal Code, s. 487.014 (production orders reaching data held abroad through a local affiliate)",),
            True,
        ),
    )
}

# Countries with an Art. 45 adequacy decision (the US only for organisations certified under the
# EU-US Data Privacy Framework, Commission Implementing Decision (EU) 2023/1795).
ADEQUACY: frozenset[str] = frozenset(
    ["AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "US", "UY"]
)

# Step C of the reference model: structural likelihood M[J][T].
EXT_MATRIX: tuple[tuple[int, int, int, int], ...] = (
    (1, 1, 1, 1),  # J0
    (2, 2, 1, 1),  # J1
    (3, 3, 2, 1),  # J2
    (4, 3, 3, 2),  # J3
    (4, 4, 4, 3),  # J4
)

# Overall risk level RISK[severity][likelihood] (rows: severity 1..4, columns: likelihood 1..4).
RISK_MATRIX: tuple[tuple[int, int, int, int], ...] = (
    (1, 1, 2, 2),
    (1, 2, 3, 4),
    (2, 3, 3, 4),
    (3, 3, 4, 4),
)

# Cross-check priors: annual probability of compelled disclosure of intelligible content, by J,
# and multipliers by T (display only).
CROSS_CHECK_PRIOR: tuple[float, ...] = (1e-7, 1e-6, 1e-3, 1e-2, 1e-1)
CROSS_CHECK_T_FACTOR: tuple[float, ...] = (1.0, 0.5, 0.1, 0.01)
CROSS_CHECK_INTEREST_FACTOR = 3.0
CROSS_CHECK_EVIDENCE_FACTOR = 0.5
CROSS_CHECK_HORIZON_YEARS = 5.0
CROSS_CHECK_BANDS: tuple[float, ...] = (1e-5, 1e-4, 1e-2)  # lower bounds of bands 2, 3 and 4

# Severity of each feared event by data category: the worst category present sets the base.
SEVERITY_BY_CATEGORY: dict[str, dict[str, int]] = {
    "confidentiality": {
        "identity": 1,
        "contact": 1,
        "connection": 1,
        "other": 1,
        "location": 2,
        "payment": 2,
        "social_security_number": 2,
        "appointment": 2,
        "eligibility": 2,
        "health": 3,
        "medical_documents": 3,
    },
    "integrity": {
        "identity": 1,
        "contact": 1,
        "connection": 1,
        "other": 1,
        "location": 1,
        "payment": 2,
        "social_security_number": 2,
        "appointment": 2,
        "eligibility": 2,
        "health": 3,
        "medical_documents": 3,
    },
    "availability": {
        "identity": 1,
        "contact": 1,
        "connection": 1,
        "other": 1,
        "location": 1,
        "payment": 1,
        "social_security_number": 1,
        "appointment": 2,
        "eligibility": 1,
        "health": 3,
        "medical_documents": 3,
    },
}
HEALTH_PROPER = frozenset(["health", "medical_documents"])
CARE_INFERRING = frozenset(["appointment", "eligibility"])
DIRECT_IDENTIFIERS = frozenset(["identity", "contact", "social_security_number"])
SEVERITY_RAISING_GROUPS = frozenset(["minors", "protected_adults"])

# Protection points of each measure against each CNIL feared event. Pseudo-measures:
# "encryption_in_transit", "logical_access_control_mfa", "backups_restore_tested".
MEASURE_WEIGHTS: dict[str, dict[str, int]] = {
    "IA": {
        "encryption": 2,
        "encryption_in_transit": 1,
        "logical_access_control": 2,
        "logical_access_control_mfa": 1,
        "pseudonymisation": 1,
        "anonymisation": 1,
        "partitioning": 1,
        "minimisation": 1,
        "logging": 1,
        "network_monitoring": 1,
        "network_security": 1,
        "website_security": 1,
        "malware_protection": 1,
        "workstation_management": 1,
        "operating_security": 1,
        "physical_access_control": 1,
        "hardware_security": 1,
        "paper_security": 1,
        "personnel_management": 1,
        "third_party_relations": 1,
        "processing_contracts": 1,
        "supervision": 1,
    },
    "UM": {
        "logical_access_control": 2,
        "logical_access_control_mfa": 1,
        "logging": 2,
        "backups": 1,
        "encryption_in_transit": 1,
        "partitioning": 1,
        "website_security": 1,
        "network_security": 1,
        "operating_security": 1,
        "malware_protection": 1,
        "workstation_management": 1,
        "maintenance": 1,
        "network_monitoring": 1,
        "physical_access_control": 1,
        "personnel_management": 1,
        "third_party_relations": 1,
        "supervision": 1,
    },
    "DIS": {
        "backups": 4,
        "backups_restore_tested": 1,
        "malware_protection": 1,
        "logical_access_control": 1,
        "non_human_risk_protection": 1,
        "avoiding_risk_sources": 1,
        "physical_access_control": 1,
        "hardware_security": 1,
        "maintenance": 1,
        "operating_security": 1,
        "network_security": 1,
        "network_monitoring": 1,
        "website_security": 1,
        "breach_management": 1,
    },
}
# Likelihood from protection points: below 3 points 4, below 6 points 3, below 10 points 2, else 1.
POINT_THRESHOLDS: tuple[int, int, int] = (3, 6, 10)
LARGE_SCALE_PERSONS = 10_000
NATIONAL_SCALE_PERSONS = 1_000_000
SHORT_WINDOW_MONTHS = 3
LONG_RETENTION_MONTHS = 60
LONG_RETENTION_PENALTY = 2

_PSEUDO_MEASURE_TITLES = {
    "encryption_in_transit": "encryption in transit (TLS) on every network path",
    "logical_access_control_mfa": "multi-factor authentication of staff and administrators",
    "backups_restore_tested": "regularly tested restores",
}
_EVENT_NAMES = {"IA": "illegitimate access", "UM": "unwanted modification", "DIS": "disappearance"}
_MEASURE_SLUGS = {
    "encryption": "PIA_TEC_CHIF",
    "pseudonymisation": "PIA_DEF_PSEU",
    "anonymisation": "PIA_TEC_ANO",
    "partitioning": "PIA_TEC_CLO",
    "logical_access_control": "PIA_TEC_CTLA",
    "logging": "PIA_TEC_LOG",
    "archiving": "PIA_TEC_ARCH",
    "paper_security": "PIA_TEC_PAP",
    "minimisation": "PIA_TEC_MINI",
    "operating_security": "PIA_SEC_EXP",
    "malware_protection": "PIA_SEC_MAL",
    "workstation_management": "PIA_SEC_COMP",
    "website_security": "PIA_SEC_WEB",
    "backups": "PIA_SEC_BKP",
    "maintenance": "PIA_SEC_MAIN",
    "processing_contracts": "PIA_SEC_CTR",
    "network_security": "PIA_SEC_NET",
    "physical_access_control": "PIA_SEC_PHY",
    "network_monitoring": "PIA_SEC_LOG",
    "hardware_security": "PIA_SEC_MAT",
    "avoiding_risk_sources": "PIA_SEC_SRC",
    "non_human_risk_protection": "PIA_SEC_PROT",
    "breach_management": "PIA_ORG_VIOL",
    "personnel_management": "PIA_ORG_PERS",
    "third_party_relations": "PIA_ORG_EXT",
    "supervision": "PIA_ORG_AUD",
}


def measure_rule_id(event: str, measure: str) -> str:
    return f"{event}-M-{measure.upper().replace('_', '-')}"


def jurisdiction_rule_id(country: str) -> str:
    return f"EXT-LAW-{country}"


# --------------------------------------------------------------------------------------------------
# The rules.


def _fixed_rules() -> list[Rule]:
    r = Rule
    return [
        # Screening ---------------------------------------------------------------------------
        r(
            "SCR-ART35-3A",
            "Systematic and extensive evaluation with automated decisions (Art. 35(3)(a))",
            "A DPIA is required for a systematic and extensive evaluation of personal aspects based on automated processing, including profiling, on which decisions with legal or similarly significant effects are based. Met when the answers declare both evaluation or scoring and automated decisions.",
            "GDPR Art. 35(3)(a)",
            "DPIA required",
        ),
        r(
            "SCR-ART35-3B",
            "Large-scale processing of special categories (Art. 35(3)(b))",
            "A DPIA is required for processing on a large scale of special categories of data (Art. 9(1)). Health data include information collected when a person registers for health care (Recital 35), so a vaccination booking is health data even without a medical reason; an Art. 9(2) condition in the answers also shows that the controller processes special categories. Large scale: see SCR-WP248-5.",
            "GDPR Art. 35(3)(b), Art. 4(15), Recital 35; CJEU C-21/23 Lindenapotheke (4 Oct. 2024)",
            "DPIA required",
        ),
        r(
            "SCR-ART35-3C",
            "Large-scale systematic monitoring (Art. 35(3)(c))",
            "A DPIA is required for a systematic monitoring of a publicly accessible area on a large scale. Met when the answers declare systematic monitoring and the processing is large scale.",
            "GDPR Art. 35(3)(c)",
            "DPIA required",
        ),
        r(
            "SCR-WP248-1",
            "WP248 criterion 1: evaluation or scoring",
            "Evaluation or scoring, including profiling and predicting, notably of health.",
            WP248 + ", criterion 1",
            "one WP248 criterion",
        ),
        r(
            "SCR-WP248-2",
            "WP248 criterion 2: automated decisions with legal or similar effect",
            "Automated decision-making with legal or similarly significant effect.",
            WP248 + ", criterion 2",
            "one WP248 criterion",
        ),
        r(
            "SCR-WP248-3",
            "WP248 criterion 3: systematic monitoring",
            "Systematic monitoring of data subjects, including of a publicly accessible area.",
            WP248 + ", criterion 3",
            "one WP248 criterion",
        ),
        r(
            "SCR-WP248-4",
            "WP248 criterion 4: sensitive or highly personal data",
            "Special categories (health data, including bookings for care under Recital 35), or data of a highly personal nature: social security number, payment or location data.",
            WP248 + ", criterion 4; GDPR Recital 35",
            "one WP248 criterion",
        ),
        r(
            "SCR-WP248-5",
            "WP248 criterion 5: large scale",
            f"Data processed on a large scale: {LARGE_SCALE_PERSONS:,} persons or more, or a national or international geographic extent. WP248 and WP243 give factors (number of persons, volume, duration, extent) but no figure; the threshold is this tool's and Recital 91 excludes a single practitioner's patients.",
            WP248 + ", criterion 5; WP243 rev.01 §2.1.3; GDPR Recital 91",
            "one WP248 criterion",
        ),
        r(
            "SCR-WP248-6",
            "WP248 criterion 6: matching or combining datasets",
            "Datasets matched or combined from different operations or controllers.",
            WP248 + ", criterion 6",
            "one WP248 criterion",
        ),
        r(
            "SCR-WP248-7",
            "WP248 criterion 7: vulnerable data subjects",
            "Vulnerable persons are in scope: children, elderly persons, patients, persons with disabilities, adults under protection, persons in precarious situations, or employees (power imbalance).",
            WP248 + ", criterion 7",
            "one WP248 criterion",
        ),
        r(
            "SCR-WP248-8",
            "WP248 criterion 8: innovative use or new technology",
            "Innovative use or application of new technological or organisational solutions.",
            WP248 + ", criterion 8",
            "one WP248 criterion",
        ),
        r(
            "SCR-WP248-9",
            "WP248 criterion 9: the processing conditions a right, a service or a contract",
            "The processing prevents data subjects from exercising a right or using a service or a contract (Recital 91), e.g. booking is the gateway to vaccination.",
            WP248 + ", criterion 9; GDPR Recital 91",
            "one WP248 criterion",
        ),
        r(
            "SCR-WP248-COUNT",
            "Two or more WP248 criteria: a DPIA is required",
            "WP248: a processing meeting two criteria will in most cases require a DPIA; the CNIL applies the rule and asks for a DPIA when in doubt. One criterion alone is reported but does not decide.",
            WP248 + "; CNIL, lignes directrices AIPD (2018)",
            "DPIA required",
        ),
        r(
            "SCR-CNIL327-1",
            "CNIL list item 1: health data processed by health or medico-social establishments for care",
            "Processing of health data implemented by health establishments or medico-social establishments for the care of persons.",
            CNIL_327 + ", item 1",
            "DPIA required",
        ),
        r(
            "SCR-CNIL327-3",
            "CNIL list item 3: profiling of employees",
            "Processing to evaluate or profile employees (HR management).",
            CNIL_327 + ", item 3",
            "DPIA required",
        ),
        r(
            "SCR-CNIL327-4",
            "CNIL list item 4: constant monitoring of employees",
            "Processing to monitor employees' activity constantly.",
            CNIL_327 + ", item 4",
            "DPIA required",
        ),
        r(
            "SCR-CNIL327-5",
            "CNIL list item 5: alerts and reports in health matters during a crisis",
            "Processing for the management of alerts and reports in social and health matters, e.g. by a health agency managing a health crisis.",
            CNIL_327 + ", item 5",
            "DPIA required",
        ),
        r(
            "SCR-CNIL327-7",
            "CNIL list item 7: health data feeding a warehouse or a register",
            "Processing of health data needed to build a data warehouse or a register.",
            CNIL_327 + ", item 7",
            "DPIA required",
        ),
        r(
            "SCR-CNIL327-14",
            "CNIL list item 14: large-scale location data",
            "Processing of location data on a large scale.",
            CNIL_327 + ", item 14",
            "DPIA required",
        ),
        r(
            "SCR-CNIL118-5",
            "CNIL exemption item 5: associations managing members, non-sensitive data",
            "Associations, foundations and non-profits managing their members and donors, with no sensitive data: no DPIA required.",
            CNIL_118 + ", item 5",
            "exempt",
        ),
        r(
            "SCR-CNIL118-6",
            "CNIL exemption item 6: a health professional practising individually",
            "Health data needed for a patient's care processed by a health professional practising individually: no DPIA required. A platform used by many professionals, or a large-scale processing, is not this case (Recital 91).",
            CNIL_118 + ", item 6; GDPR Recital 91",
            "exempt",
        ),
        # Levels ------------------------------------------------------------------------------
        r(
            "LVL-MATRIX",
            "Risk level from severity and likelihood",
            "The CNIL tool computes no risk level; this matrix gives one so that risks can be ranked and Art. 36 applied: rows severity 1–4, columns likelihood 1–4: [1 1 2 2] [1 2 3 4] [2 3 3 4] [3 3 4 4]. A severity-4 risk is never below 3, whatever its likelihood (EDPB DPIA template 2026, footnote 9).",
            CNIL_METHOD + "; EDPB, DPIA template v1.0 (2026), §4.1",
            "level = RISK[severity][likelihood]",
        ),
        r(
            "LVL-RESIDUAL",
            "Residual levels count the planned measures too",
            "Initial levels count only implemented measures; residual levels count the planned measures and the measures of the action plan as if they were in place.",
            CNIL_KB + ", PIA_METHOD_MES",
            "residual",
        ),
        r(
            "LVL-ART36",
            "Prior consultation: DPIA required and a residual risk at level 3 or 4",
            "The controller consults the CNIL before processing when the DPIA shows a high risk that the measures do not reduce: a DPIA is required and a residual risk level stays at 3 or 4.",
            "GDPR Art. 36(1), Recital 84; " + WP248 + " (residual risks still high)",
            "prior consultation",
        ),
        # Severity of the CNIL feared events ---------------------------------------------------
        r(
            "SEV-BASE",
            "Severity starts from the most harmful data category exposed",
            "Each feared event has a table of data categories: identity, contact and connection data 1; care-inferring data (a vaccination appointment, eligibility on honour) and perceived-sensitive data (social security number, payment, location) 2; health data proper (reason for care, medical documents) 3. Integrity and availability use their own columns: losing or altering an appointment delays care (2); altering a social security number misroutes reimbursement (2). Volume acts on likelihood, not on severity, which the CNIL rates per data subject.",
            CNIL_KB + ", PIA_EX_IMPN/IMPL/IMPI/IMPM, PIA_EX_DCPC/DCPS/DCPR",
            "severity = worst category",
        ),
        r(
            "SEV-VULNERABLE",
            "Minors or adults under protection: severity +1, up to 3",
            "Children and adults under legal protection cannot detect or overcome the consequences alone, so the impacts are one level harder to overcome, up to 3 (significant): level 4 is for consequences that cannot be overcome, which their status alone does not show. Elderly persons and patients count for screening (WP248 criterion 7) but do not raise severity on their own: for a booking, their harm is the same as other persons'.",
            CNIL_KB + ", PIA_EX_IMPI; " + WP248 + ", criterion 7",
            "severity +1 (at most 3)",
        ),
        r(
            "SEV-HIGH-INTEREST",
            "Persons of particular interest in scope: confidentiality severity +1",
            "Officials, military staff, journalists or dissidents face greater harm (pressure, blackmail, danger) when their data leak or reach a foreign authority.",
            REF_MODEL + ", step F",
            "severity +1",
        ),
        r(
            "SEV-PSEUDONYMISED",
            "Pseudonymised data, secret kept apart in the EEA: confidentiality severity -1",
            "When the data carry no direct identifier and the re-identification secret is kept in the EEA by an entity that no foreign law reaches, whoever obtains the data cannot reasonably re-identify the persons.",
            "GDPR Art. 4(5); CJEU C-413/23 P, EDPS v SRB (4 Sept. 2025); " + EDPB_0120 + ", use case 2",
            "severity -1",
        ),
        # Likelihood of the CNIL feared events -------------------------------------------------
        r(
            "LIK-BASE",
            "Likelihood starts at 4 (maximum) without measures for a networked service",
            "For a processing reached over networks by many users, staff and providers, it 'seems extremely easy' for risk sources to cause the feared event when nothing protects the supporting assets; a processing with no provider and no software or network asset starts at 3.",
            CNIL_KB + ", PIA_EX_VRAN/VRAL/VRAI/VRAM, PIA_DEF_VRA",
            "likelihood base 4 (or 3)",
        ),
        r(
            "LIK-POINTS",
            "Protection points lower the likelihood",
            f"Each catalogue measure in place adds its protection points against the feared event (rules IA-M-*, UM-M-*, DIS-M-*). Points below {POINT_THRESHOLDS[0]} leave the base; from {POINT_THRESHOLDS[0]} the likelihood drops one level, from {POINT_THRESHOLDS[1]} two, from {POINT_THRESHOLDS[2]} three, never below 1. Key measures (encryption and access control for confidentiality, access control and logging for integrity, backups for availability) weigh more.",
            CNIL_KB + ", measures catalogue; " + CNIL_METHOD,
            f"-1 level at {POINT_THRESHOLDS[0]}, {POINT_THRESHOLDS[1]} and {POINT_THRESHOLDS[2]} points",
        ),
        r(
            "IA-LONG-RETENTION",
            f"Data kept over {LONG_RETENTION_MONTHS} months: -{LONG_RETENTION_PENALTY} protection points against illegitimate access",
            "The longer data are kept (backups included), the longer they can be reached: a long retention widens the window in which any weakness can be exploited. It costs protection points rather than a whole level, so that a legal retention (a medical record's 20 years) weighs on the score without deciding it.",
            "GDPR Art. 5(1)(e); " + CNIL_KB + ", PIA_LGL_DUR",
            f"-{LONG_RETENTION_PENALTY} points",
        ),
        r(
            "DIS-FLOOR-NO-BACKUP",
            "No backups: disappearance likelihood at least 3",
            "Without backups a single failure, error or ransomware attack loses the data for good: other measures make it less frequent but cannot make it difficult.",
            CNIL_KB + ", PIA_SEC_BKP",
            "likelihood floor 3",
        ),
        # Extraterritorial access --------------------------------------------------------------
        r(
            "EXT-J0",
            "J0: no entity subject to a third country's compulsion",
            "The provider's entity and parent are in the EEA, its group has no affiliate outside the EU, and it keeps, backs up and administers the data only in the EEA.",
            REF_MODEL + ", step A; " + SNC,
            "J0",
        ),
        r(
            "EXT-J1",
            "J1: EU-controlled provider with affiliates outside the EU, or SecNumCloud-qualified",
            "The provider is controlled in the EEA and keeps the data there, but its group has affiliates outside the EU that a foreign court could order to produce data (the Ontario production order served on OVH's Canadian subsidiary, 2024–25); compulsion is only indirect and conflicts with Art. 48 GDPR and the French blocking statute. A SecNumCloud 3.2 qualification (§19.6: EU control, no technical path for non-EU third parties) also caps a foreign-parented provider at J1.",
            REF_MODEL + ", step A; " + SNC + "; GDPR Art. 48; loi n° 68-678 du 26 juillet 1968",
            "J1",
        ),
        r(
            "EXT-J2",
            "J2: EEA entity controlled from a rule-of-law third country",
            "The provider is established in the EEA and keeps the data there, but its parent is subject to a third country's lawful-access laws that reach data held by subsidiaries under its control (CLOUD Act 'control' theory): not a Chapter V transfer, but a risk the DPIA must assess.",
            REF_MODEL + ", step A; " + EDPB_0521 + "; " + CE_2021,
            "J2",
        ),
        r(
            "EXT-J3",
            "J3: provider, storage, backups or administration in a third country",
            "The provider's entity is in a third country, or it stores, backs up or administers the data from one (remote access and support included: a transfer under Chapter V). A parent in a third country whose law this registry has not assessed, or with no adequacy finding, is treated the same way.",
            REF_MODEL + ", step A; HDS v2 EXI 29; Irish DPC, TikTok decision (2 May 2025)",
            "J3",
        ),
        r(
            "EXT-J4",
            "J4: a jurisdiction with a statutory duty to assist intelligence",
            "The provider, its parent, or a place where it keeps or administers the data is in a country whose law obliges organisations to support intelligence work in secret, without essential guarantees: exposed wherever the data sit.",
            REF_MODEL + ", step A; Irish DPC, TikTok decision (2 May 2025)",
            "J4",
        ),
        r(
            "EXT-T0",
            "T0: the provider can read the data",
            "No encryption of stored data, keys managed by the provider, or the provider itself holds the keys: compelled, it can hand over intelligible data.",
            REF_MODEL + ", step B; " + EDPB_0120 + ", use case 6",
            "T0",
        ),
        r(
            "EXT-T1",
            "T1: customer keys in the provider's key service, or keys within a foreign law's reach",
            "Keys the customer manages inside the provider's own KMS or HSM (BYOK), or an external key holder that is itself outside the EEA or exposed to a foreign law: the provider's stack or a compellable entity can still decrypt.",
            REF_MODEL + ", step B",
            "T1",
        ),
        r(
            "EXT-T2",
            "T2: keys held outside the provider in the EEA, but data decrypted on its machines",
            "An EEA key holder that no foreign law reaches blocks bulk disclosure from storage, but the application decrypts the data on the provider's compute: compelled in-use access remains possible (the case the Conseil d'État did not discuss in 2021).",
            REF_MODEL + ", step B; " + CE_2021 + "; " + EDPB_0120 + ", use case 6",
            "T2",
        ),
        r(
            "EXT-T3",
            "T3: the provider never holds clear identifiable data",
            "The provider neither processes the data in clear nor holds the keys (client-side or external EEA keys over storage only), or the data it holds carry no direct identifier and the re-identification secret stays in the EEA with an unexposed entity.",
            REF_MODEL + ", step B; " + EDPB_0120 + ", use cases 1 and 2; CJEU C-413/23 P",
            "T3",
        ),
        r(
            "EXT-MATRIX",
            "Structural likelihood from jurisdiction and technical classes",
            "L0 = M[J][T], rows J0–J4, columns T0–T3: J0 [1 1 1 1], J1 [2 2 1 1], J2 [3 3 2 1], J3 [4 3 3 2], J4 [4 4 4 3]. Clear data and direct compulsion 'seem possible' or 'extremely easy'; keys with an EU custodian 'seem difficult'; no clear data 'does not seem possible', except through metadata or the supply chain in J3 and J4.",
            REF_MODEL + ", step C; " + CNIL_KB + ", PIA_EX_VRA*",
            "likelihood = M[J][T]",
        ),
        r(
            "EXT-ADJ-INTEREST",
            "Persons of interest, or a national-scale health dataset: +1",
            f"High-interest persons in scope, or identifiable health data proper on {NATIONAL_SCALE_PERSONS:,} persons or more, make the dataset a target worth a foreign authority's effort.",
            REF_MODEL + ", step D",
            "likelihood +1 (net adjustment clipped to ±1)",
        ),
        r(
            "EXT-ADJ-WINDOW",
            f"Short exposure window (≤ {SHORT_WINDOW_MONTHS} months, backups included): -1",
            "The Conseil d'État relied on the deletion of booking data within three months. The window is the longest of the active retention and the stated backup retention; when backups are kept for an unstated time they are taken to follow the active retention, and the reason says so: state measures.backups.retention_months to defend the window.",
            REF_MODEL + ", step D; " + CE_2021,
            "likelihood -1 (net adjustment clipped to ±1)",
        ),
        r(
            "EXT-ADJ-EVIDENCE",
            "Verifiable evidence of practice: -1",
            "Objective, verifiable evidence that the problematic law is not applied to such data: a granular transparency report on enterprise content stored abroad together with a contractual duty to challenge and notify requests, or a SecNumCloud qualification. A challenge clause alone counts for nothing (no statutory motion to quash is open to French customers; FISA §702 directives may come with gag orders); an HDS 'no risk' statement counts only from a SecNumCloud-qualified activity, the only one EXI 31 allows to say it (the reference model accepted it alone).",
            EDPB_0120 + ", §43.3, §46–47; " + HDS_V2 + " (EXI 31)",
            "likelihood -1 (net adjustment clipped to ±1)",
        ),
        r(
            "EXT-ADJ-CLIP",
            "The net adjustment is clipped to ±1",
            "Context moves the structural likelihood by one level at most, so that the jurisdiction and the keys, not the paperwork, decide the level.",
            REF_MODEL + ", step D",
            "clip to [-1, +1]",
        ),
        r(
            "EXT-F1",
            "Floor: exposed provider without end-to-end protection: at least 2",
            "When a provider is exposed (J2 or worse) and can still reach clear data in use (T2 or worse), the risk 'cannot be totally excluded', as the Conseil d'État held in every health-data case from 2020 to 2025.",
            REF_MODEL + ", step E; " + CE_HDH + "; " + CE_2021,
            "likelihood floor 2",
        ),
        r(
            "EXT-F2",
            "Floor: exposed provider that can decrypt: at least 3",
            "When an exposed provider (J2 or worse) holds or reaches the keys (T0 or T1), it can technically comply with an order: no supplementary measure is effective (EDPB use case 6), so no adjustment brings the likelihood below 3. The reference model's separate J3 floor is the same rule and is merged here.",
            REF_MODEL + ", step E; " + EDPB_0120 + ", use case 6",
            "likelihood floor 3",
        ),
        r(
            "EXT-F3",
            "Floor: intelligence-duty jurisdiction: at least 3, and 4 with no-go if data reachable",
            "Where a statutory duty to assist intelligence applies (J4), no adjustment brings the likelihood below 3; if the provider can reach clear data (T2 or worse), the likelihood is 4 and the set-up is a no-go: essential equivalence cannot be shown.",
            REF_MODEL + ", step E; Irish DPC, TikTok decision (2 May 2025)",
            "likelihood floor 3, or 4 and no-go",
        ),
        r(
            "EXT-F4",
            "Floor: known foreign requests: 4 and no-go",
            "A foreign authority already asked for this service's data: the risk is no longer hypothetical; the probabilistic route is closed.",
            REF_MODEL + ", step E; Rosenthal, TIA method, no-go questions",
            "likelihood 4, no-go",
        ),
        r(
            "EXT-CHAIN",
            "The chain takes its worst provider",
            "Every processor, sub-processor and controller outside the EEA is assessed; the extraterritorial likelihood is the highest among them, since one compellable link suffices.",
            REF_MODEL + ", §7.1; GDPR Art. 28(2) and (4)",
            "likelihood = max over the chain",
        ),
        r(
            "EXT-SEV-BASE",
            "Extraterritorial severity is the illegitimate-access severity",
            "A foreign authority is one more risk source of the same feared event, so the severity is that of illegitimate access (SEV-* rules): 2 for data inferring care (a vaccination booking, eligibility on honour, as the Conseil d'État found in 2021), 3 for health data proper, +1 for minors or adults under protection and for persons of particular interest, -1 for pseudonymised data. The reference model's step F gives the same ladder; keeping one set of rules avoids two severities for one event.",
            REF_MODEL + ", step F; " + CE_2021,
            "severity = illegitimate-access severity",
        ),
        r(
            "EXT-NO-EFFECT",
            "Recorded, but changes nothing to the extraterritorial likelihood",
            "ISO 27001/27701 certification, HDS certification and a contractual ban on transfers are recorded as evidence; none makes a provider immune to a foreign order (security management is not jurisdictional immunity; the CLOUD Act reaches data wherever stored). They matter for the gates.",
            REF_MODEL + ", step E (G6); " + HDS_V2,
            "none",
        ),
        r(
            "EXT-CROSS-CHECK",
            "Probability cross-check over the retention window (display only)",
            "P = 1 − Π(1 − p_i)^T over the chain, with p_i = prior(J) × factor(T) × 3 for persons of interest × 0.5 for verifiable evidence; priors J0 1e-7, J1 1e-6, J2 1e-3, J3 1e-2, J4 1e-1 a year; factors T0 1, T1 0.5, T2 0.1, T3 0.01; T = the retention in years, at most 5. Bands: below 1e-5 negligible, below 1e-4 limited, below 1e-2 significant, else maximum. It never sets the level: it flags a disagreement of more than one band.",
            REF_MODEL
            + ", step H; Canton of Zurich RRB 542/2022 (Rosenthal method); FDPIC opinion of 13 May 2022 (false precision)",
            "none (display)",
        ),
        # Gates --------------------------------------------------------------------------------
        r(
            "GATE-HDS",
            "Health data hosted in France need an HDS-certified host",
            "A French controller's health data must be hosted by a certified host (art. L.1111-8 CSP). Certificates of the 2018 scheme had to migrate to HDS v2 by 16 May 2026.",
            "Code de la santé publique, art. L.1111-8 and R.1111-8-8 ff.; " + HDS_V2,
            "gate",
        ),
        r(
            "GATE-EXI28",
            "HDS v2 EXI 28: health data stored only in the EEA",
            "An HDS v2 host stores personal health data exclusively in the EEA; storage or backups elsewhere fail the requirement.",
            HDS_V2 + ", EXI 28",
            "gate",
        ),
        r(
            "GATE-EXI30",
            "HDS v2 EXI 30/31: exposed hosts list the foreign laws and residual risks",
            "A host subject to a non-adequate third country's law must list in the contract the extra-European laws that could force access, the mitigations and the residual risks, and publish them (EXI 31). 'No risk' may be stated only by a SecNumCloud-qualified activity.",
            HDS_V2 + ", EXI 30 and 31",
            "gate",
        ),
        r(
            "GATE-SECNUMCLOUD",
            "State bodies: sensitive health data on a SecNumCloud-grade cloud",
            "State administrations and their operators that use a commercial cloud for data of particular sensitivity, health data included, must protect them against access by third-country authorities (SREN law art. 31, Cloud au centre doctrine, circular of 5 Feb. 2026): a provider exposed to foreign law without SecNumCloud needs review. The implementing decree's thresholds are to be checked.",
            "Loi n° 2024-449 du 21 mai 2024 (SREN), art. 31; circulaire n° 6519/SG du 5 février 2026; " + SNC,
            "gate",
        ),
        r(
            "GATE-CHAPTER-V",
            "Every transfer outside the EEA needs a Chapter V basis",
            "Storage, backups or administration outside the EEA, remote access included, are transfers: each needs an adequacy decision (the Data Privacy Framework only for certified US organisations), appropriate safeguards with a transfer impact assessment, or a narrow Art. 49 derogation.",
            "GDPR Art. 44–49; CJEU C-311/18 Schrems II (16 July 2020); "
            + EDPB_0521
            + "; CNIL, guide AITD (janvier 2025)",
            "gate",
        ),
        r(
            "GATE-ART28",
            "Every processor is bound by an Art. 28 contract",
            "Processors and sub-processors act under a contract that meets Art. 28(3), or Art. 28(4) for a sub-processor.",
            "GDPR Art. 28(3) and (4)",
            "gate",
        ),
        r(
            "GATE-ART32-ENCRYPTION",
            "Health data stored without encryption",
            "Encryption of stored health data is expected of a processing of special categories (Art. 32(1)(a)); without it the confidentiality risk rests on access control alone.",
            "GDPR Art. 32(1)(a); " + CNIL_KB + ", PIA_TEC_CHIF",
            "gate",
        ),
        r(
            "GATE-LAW-UNASSESSED",
            "A third country whose law this registry has not assessed",
            "A provider is established, controlled or reaches the data from a third country missing from the jurisdictions table: it is scored as J3, and the assessor must document which laws could compel access there.",
            EDPB_0120 + ", step 3",
            "gate",
        ),
    ]


def _measure_rules() -> list[Rule]:
    rules = []
    for event, weights in MEASURE_WEIGHTS.items():
        for measure, points in weights.items():
            base = measure.removesuffix("_in_transit").removesuffix("_mfa").removesuffix("_restore_tested")
            title = _PSEUDO_MEASURE_TITLES.get(measure, measure.replace("_", " "))
            slug = _MEASURE_SLUGS.get(base, "")
            rules.append(
                Rule(
                    measure_rule_id(event, measure),
                    f"{title[0].upper()}{title[1:]}: +{points} protection point{'s' if points > 1 else ''} against {_EVENT_NAMES[event]}",
                    f"When {title} is in place, it makes {_EVENT_NAMES[event]} harder for the risk sources: {points} protection point{'s' if points > 1 else ''} (see LIK-POINTS).",
                    f"{CNIL_KB}, {slug}" if slug else CNIL_KB,
                    f"+{points} point{'s' if points > 1 else ''}",
                )
            )
    return rules


def _jurisdiction_rules() -> list[Rule]:
    rules = []
    for j in JURISDICTIONS.values():
        cls = "J4 wherever the data sit" if j.tier is Tier.intelligence_duty else "J2 through a parent, J3 when there"
        check = "" if j.verified else " These citations come from secondary sources: verify them before filing."
        rules.append(
            Rule(
                jurisdiction_rule_id(j.country),
                f"{j.name} ({j.country}): {'; '.join(law.split(' (')[0] for law in j.laws)}",
                f"Laws that can compel a provider established in, controlled from or reaching the data from {j.name}: "
                + "; ".join(j.laws)
                + f". Tier {j.tier.value}: {cls}.{check}",
                "; ".join(j.laws),
                cls,
            )
        )
    return rules


@cache
def registry() -> dict[str, Rule]:
    rules = _fixed_rules() + _measure_rules() + _jurisdiction_rules()
    table = {rule.id: rule for rule in rules}
    assert len(table) == len(rules), "duplicate rule id"
    return table


def get_rule(rule_id: str) -> Rule:
    return registry()[rule_id]


def find_rule(rule_id: str) -> tuple[Rule | None, list[str]]:
    """The rule with this id (case-insensitive), or None and the closest ids."""
    wanted = rule_id.strip().upper()
    table = registry()
    if wanted in table:
        return table[wanted], []
    return None, difflib.get_close_matches(wanted, list(table), n=5, cutoff=0.5)


def digest() -> str:
    """A fingerprint of everything that moves a score: change it only with RULES_VERSION."""
    content = {
        "rules": [asdict(rule) for rule in registry().values()],
        "jurisdictions": {code: asdict(j) for code, j in JURISDICTIONS.items()},
        "tables": [
            sorted(ADEQUACY),
            EXT_MATRIX,
            RISK_MATRIX,
            CROSS_CHECK_PRIOR,
            CROSS_CHECK_T_FACTOR,
            CROSS_CHECK_BANDS,
            SEVERITY_BY_CATEGORY,
            MEASURE_WEIGHTS,
            POINT_THRESHOLDS,
            [
                LARGE_SCALE_PERSONS,
                NATIONAL_SCALE_PERSONS,
                SHORT_WINDOW_MONTHS,
                LONG_RETENTION_MONTHS,
                LONG_RETENTION_PENALTY,
            ],
        ],
    }
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def markdown_table() -> str:
    """The rules as a Markdown table, for docs/scoring.md."""
    lines = [f"Rules version {RULES_VERSION}.", "", "| id | rule | effect | citation |", "|---|---|---|---|"]
    for rule in registry().values():
        cells = [rule.id, rule.title, rule.effect, rule.citation]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
