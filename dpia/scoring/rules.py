"""The rule registry: every factor that moves a level, with a stable id, its words and its source.

This is the one place where weights, matrices, thresholds and the foreign laws that reach each
country live. The scoring modules read these tables; they hold no numbers of their own. Each rule
carries its title, explanation, citation and effect in French and English (`T`); the sentences that
put an assessment's facts into words live beside it, in `wording.py`. Change a rule here, then bump
RULES_VERSION and RULES_DIGEST (a test recomputes the digest and fails until you do), so that every
output says which rules produced it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import cache

from dpia.labels import Lang, label
from dpia.scoring.wording import T, number, same

RULES_VERSION = "2026.2"
# sha256 of the registry's content (rules in both languages, weights, matrices, jurisdictions), first
# 16 hex digits.
RULES_DIGEST = "970d2db7fb63c96d"


def rules_latest_date() -> dt.date:
    """The newest date any text these rules cite bears: the as-of date of a draft without a date."""
    return dt.date(2026, 2, 5)  # circulaire n° 6519/SG du 5 février 2026


@dataclass(frozen=True)
class Rule:
    id: str
    title: T  # one line, shown by `dpia rules`
    text: T  # the full explanation, shown by `dpia rules ID`
    citation: T
    effect: T  # what the rule does to a level, e.g. "likelihood +1" or "floor 2"


# --------------------------------------------------------------------------------------------------
# Sources, cited once and reused.

CNIL_KB = same("CNIL, PIA – les bases de connaissances (février 2018)")
CNIL_METHOD = same("CNIL, PIA – la méthode (février 2018), §3.2 et échelles des bases de connaissances")
CE_2021 = same("CE, réf., 12 mars 2021, n° 450163 (Doctolib / AWS)")
CE_HDH = T(
    "CE, réf., 13 oct. 2020, n° 444937 ; CE, réf., 22 mars 2024, n° 492369 ; CE, réf., 25 avr. 2025, n° 503163",
    "CE, réf., 13 oct. 2020, n° 444937; CE, réf., 22 mars 2024, n° 492369; CE, réf., 25 avr. 2025, n° 503163",
)
EDPB_0120 = T(
    "CEPD, Recommandations 01/2020 sur les mesures supplémentaires, v2.0 (18 juin 2021)",
    "EDPB, Recommendations 01/2020 on supplementary measures, v2.0 (18 June 2021)",
)
EDPB_0521 = T(
    "CEPD, Lignes directrices 05/2021 sur l'articulation entre l'art. 3 et le chapitre V du RGPD, v2.0, exemple 12",
    "EDPB, Guidelines 05/2021 on the interplay between Art. 3 and Chapter V GDPR, v2.0, Example 12",
)
HDS_V2 = same("Référentiel HDS v2, arrêté du 26 avril 2024, chapitre 7 (EXI 28 à 31)")
SNC = same("ANSSI, SecNumCloud 3.2 (8 mars 2022), §19.2 et §19.6")
WP248 = T(
    "G29, Lignes directrices concernant l'AIPD, WP248 rév.01 (4 oct. 2017), approuvées par le CEPD, §III.B.a",
    "WP29, Guidelines on DPIA, WP248 rev.01 (4 Oct. 2017), endorsed by the EDPB, §III.B.a",
)
CNIL_327 = same("CNIL, délibération n° 2018-327 du 11 octobre 2018 (liste des traitements soumis à AIPD)")
CNIL_118 = same("CNIL, délibération n° 2019-118 du 12 septembre 2019 (liste des traitements dispensés d'AIPD)")
REF_MODEL = T("modèle EXT-ACCESS (docs/scoring.md)", "EXT-ACCESS model (docs/scoring.md)")
TIKTOK = T("DPC irlandaise, décision TikTok (2 mai 2025)", "Irish DPC, TikTok decision (2 May 2025)")


def step(name: str) -> T:
    return T(f", étape {name}", f", step {name}")


def criterion(n: int) -> T:
    return T(f", critère {n}", f", criterion {n}")


def item(n: int) -> T:
    return T(f", point {n}", f", item {n}")


def use_case(n: str) -> T:
    return T(f", cas d'usage {n}", f", use case {n}")


# --------------------------------------------------------------------------------------------------
# Tables the scoring reads.


class Tier(StrEnum):
    """How a third country's law reaches providers, for the jurisdiction class J."""

    rule_of_law = "rule_of_law"  # compulsion through courts, with some redress (reference J2/J3)
    intelligence_duty = "intelligence_duty"  # statutory duty to assist intelligence in secret (J4)


@dataclass(frozen=True)
class Jurisdiction:
    country: str
    name: T
    tier: Tier
    laws: tuple[T, ...]
    verified: bool  # False: the citations come from secondary sources; check them before filing


JURISDICTIONS: dict[str, Jurisdiction] = {
    j.country: j
    for j in (
        Jurisdiction(
            "US",
            T("États-Unis", "United States"),
            Tier.rule_of_law,
            (
                T(
                    "CLOUD Act, 18 U.S.C. §2713 (données en la possession, sous la garde ou le contrôle d'un "
                    "fournisseur, où qu'elles soient stockées)",
                    "CLOUD Act, 18 U.S.C. §2713 (data in a provider's possession, custody or control, wherever stored)",
                ),
                T(
                    "FISA §702, 50 U.S.C. §1881a (injonctions adressées aux fournisseurs de services de "
                    "communications électroniques)",
                    "FISA §702, 50 U.S.C. §1881a (directives to electronic communication service providers)",
                ),
                T(
                    "Executive Order 12333 (collecte à l'étranger et en transit)",
                    "Executive Order 12333 (collection abroad and in transit)",
                ),
            ),
            True,
        ),
        Jurisdiction(
            "CN",
            T("Chine", "China"),
            Tier.intelligence_duty,
            (
                T(
                    "Loi sur le renseignement national de 2017, art. 7 et 14 (obligation de soutenir le travail de "
                    "renseignement et d'y coopérer, dans le secret)",
                    "National Intelligence Law 2017, art. 7 and 14 (duty to support and cooperate with intelligence "
                    "work, in secret)",
                ),
                T(
                    "Loi sur la cybersécurité de 2017, art. 28 (appui technique aux organes de sécurité)",
                    "Cybersecurity Law 2017, art. 28 (technical support to security organs)",
                ),
                T("Loi contre l'espionnage de 2014, révisée en 2023", "Counter-Espionage Law 2014, revised 2023"),
            ),
            True,
        ),
        Jurisdiction(
            "RU",
            T("Russie", "Russia"),
            Tier.intelligence_duty,
            (
                T(
                    "Loi fédérale n° 149-FZ sur l'information, art. 10.1 (obligations des organisateurs de la "
                    "diffusion d'informations envers le FSB)",
                    "Federal Law n° 149-FZ on information, art. 10.1 (duties of information-distribution organisers "
                    "towards the FSB)",
                ),
                T(
                    "Loi fédérale n° 374-FZ du 6 juillet 2016 (obligations de conservation et de communication)",
                    "Federal Law n° 374-FZ of 6 July 2016 (storage and disclosure duties)",
                ),
            ),
            False,
        ),
        Jurisdiction(
            "GB",
            T("Royaume-Uni", "United Kingdom"),
            Tier.rule_of_law,
            (
                T(
                    "Investigatory Powers Act 2016 (mandats de production et d'interception, avis de capacité "
                    "technique)",
                    "Investigatory Powers Act 2016 (production and interception warrants, technical capability "
                    "notices)",
                ),
            ),
            False,
        ),
        Jurisdiction(
            "CA",
            T("Canada", "Canada"),
            Tier.rule_of_law,
            (
                T(
                    "Code criminel, art. 487.014 (ordonnances de communication atteignant des données détenues à "
                    "l'étranger par l'intermédiaire d'une filiale locale)",
                    "Criminal Code, s. 487.014 (production orders reaching data held abroad through a local affiliate)",
                ),
            ),
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
    "encryption_in_transit": T(
        "chiffrement en transit (TLS) sur chaque flux réseau", "encryption in transit (TLS) on every network path"
    ),
    "logical_access_control_mfa": T(
        "authentification multifacteur du personnel et des administrateurs",
        "multi-factor authentication of staff and administrators",
    ),
    "backups_restore_tested": T("restaurations testées régulièrement", "regularly tested restores"),
}
_EVENT_NAMES = {
    "IA": T("l'accès illégitime aux données", "illegitimate access"),
    "UM": T("la modification non désirée des données", "unwanted modification"),
    "DIS": T("la disparition des données", "disappearance"),
}
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


@cache
def measure_rule_id(event: str, measure: str) -> str:
    return f"{event}-M-{measure.upper().replace('_', '-')}"


def jurisdiction_rule_id(country: str) -> str:
    return f"EXT-LAW-{country}"


# --------------------------------------------------------------------------------------------------
# The rules.

DPIA_REQUIRED = T("AIPD requise", "DPIA required")
ONE_WP248 = T("un critère WP248", "one WP248 criterion")
EXEMPT = T("dispense", "exempt")
GATE = T("point de contrôle", "gate")
ADJ_CLIPPED = T("(ajustement net borné à ±1)", "(net adjustment clipped to ±1)")


def _fixed_rules() -> list[Rule]:
    r = Rule
    return [
        # Screening ---------------------------------------------------------------------------
        r(
            "SCR-ART35-3A",
            T(
                "Évaluation systématique et approfondie fondant des décisions automatisées (art. 35(3)(a))",
                "Systematic and extensive evaluation with automated decisions (Art. 35(3)(a))",
            ),
            T(
                "Une AIPD est requise pour l'évaluation systématique et approfondie d'aspects personnels, fondée sur un traitement automatisé, y compris le profilage, sur la base de laquelle sont prises des décisions produisant des effets juridiques ou affectant la personne de façon similaire. Rempli lorsque les réponses déclarent à la fois une évaluation ou notation et des décisions automatisées.",
                "A DPIA is required for a systematic and extensive evaluation of personal aspects based on automated processing, including profiling, on which decisions with legal or similarly significant effects are based. Met when the answers declare both evaluation or scoring and automated decisions.",
            ),
            T("RGPD, art. 35(3)(a)", "GDPR Art. 35(3)(a)"),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-ART35-3B",
            T(
                "Traitement à grande échelle de catégories particulières de données (art. 35(3)(b))",
                "Large-scale processing of special categories (Art. 35(3)(b))",
            ),
            T(
                "Une AIPD est requise pour le traitement à grande échelle de catégories particulières de données (art. 9(1)). Les données de santé comprennent les informations collectées lors de l'inscription d'une personne en vue de bénéficier de soins (considérant 35) : une réservation de vaccination est donc une donnée de santé, même sans motif médical ; une condition de l'art. 9(2) déclarée dans les réponses montre aussi que le responsable du traitement traite des catégories particulières. Grande échelle : voir SCR-WP248-5.",
                "A DPIA is required for processing on a large scale of special categories of data (Art. 9(1)). Health data include information collected when a person registers for health care (Recital 35), so a vaccination booking is health data even without a medical reason; an Art. 9(2) condition in the answers also shows that the controller processes special categories. Large scale: see SCR-WP248-5.",
            ),
            T(
                "RGPD, art. 35(3)(b), art. 4(15), considérant 35 ; CJUE, C-21/23, Lindenapotheke (4 oct. 2024)",
                "GDPR Art. 35(3)(b), Art. 4(15), Recital 35; CJEU C-21/23 Lindenapotheke (4 Oct. 2024)",
            ),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-ART35-3C",
            T(
                "Surveillance systématique à grande échelle (art. 35(3)(c))",
                "Large-scale systematic monitoring (Art. 35(3)(c))",
            ),
            T(
                "Une AIPD est requise pour la surveillance systématique à grande échelle d'une zone accessible au public. Rempli lorsque les réponses déclarent une surveillance systématique et que le traitement est à grande échelle.",
                "A DPIA is required for a systematic monitoring of a publicly accessible area on a large scale. Met when the answers declare systematic monitoring and the processing is large scale.",
            ),
            T("RGPD, art. 35(3)(c)", "GDPR Art. 35(3)(c)"),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-WP248-1",
            T("Critère WP248 n° 1 : évaluation ou notation", "WP248 criterion 1: evaluation or scoring"),
            T(
                "Évaluation ou notation, y compris le profilage et la prédiction, notamment de l'état de santé.",
                "Evaluation or scoring, including profiling and predicting, notably of health.",
            ),
            WP248 + criterion(1),
            ONE_WP248,
        ),
        r(
            "SCR-WP248-2",
            T(
                "Critère WP248 n° 2 : décision automatisée avec effet juridique ou effet similaire",
                "WP248 criterion 2: automated decisions with legal or similar effect",
            ),
            T(
                "Prise de décision automatisée produisant des effets juridiques ou affectant la personne de manière significative de façon similaire.",
                "Automated decision-making with legal or similarly significant effect.",
            ),
            WP248 + criterion(2),
            ONE_WP248,
        ),
        r(
            "SCR-WP248-3",
            T("Critère WP248 n° 3 : surveillance systématique", "WP248 criterion 3: systematic monitoring"),
            T(
                "Surveillance systématique des personnes concernées, y compris d'une zone accessible au public.",
                "Systematic monitoring of data subjects, including of a publicly accessible area.",
            ),
            WP248 + criterion(3),
            ONE_WP248,
        ),
        r(
            "SCR-WP248-4",
            T(
                "Critère WP248 n° 4 : données sensibles ou à caractère hautement personnel",
                "WP248 criterion 4: sensitive or highly personal data",
            ),
            T(
                "Catégories particulières (données de santé, y compris les réservations de soins au sens du considérant 35) ou données à caractère hautement personnel : numéro de sécurité sociale, données de paiement ou de localisation.",
                "Special categories (health data, including bookings for care under Recital 35), or data of a highly personal nature: social security number, payment or location data.",
            ),
            WP248 + criterion(4) + T(" ; RGPD, considérant 35", "; GDPR Recital 35"),
            ONE_WP248,
        ),
        r(
            "SCR-WP248-5",
            T("Critère WP248 n° 5 : grande échelle", "WP248 criterion 5: large scale"),
            T(
                f"Données traitées à grande échelle : {number(LARGE_SCALE_PERSONS, 'fr')} personnes ou plus, ou une étendue géographique nationale ou internationale. Le WP248 et le WP243 donnent des facteurs (nombre de personnes, volume, durée, étendue) mais aucun chiffre ; le seuil est celui de cet outil, et le considérant 91 exclut les patients d'un praticien exerçant seul.",
                f"Data processed on a large scale: {number(LARGE_SCALE_PERSONS, 'en')} persons or more, or a national or international geographic extent. WP248 and WP243 give factors (number of persons, volume, duration, extent) but no figure; the threshold is this tool's and Recital 91 excludes a single practitioner's patients.",
            ),
            WP248
            + criterion(5)
            + T(" ; WP243 rév.01 §2.1.3 ; RGPD, considérant 91", "; WP243 rev.01 §2.1.3; GDPR Recital 91"),
            ONE_WP248,
        ),
        r(
            "SCR-WP248-6",
            T(
                "Critère WP248 n° 6 : croisement ou combinaison d'ensembles de données",
                "WP248 criterion 6: matching or combining datasets",
            ),
            T(
                "Ensembles de données croisés ou combinés, issus d'opérations ou de responsables du traitement différents.",
                "Datasets matched or combined from different operations or controllers.",
            ),
            WP248 + criterion(6),
            ONE_WP248,
        ),
        r(
            "SCR-WP248-7",
            T("Critère WP248 n° 7 : personnes vulnérables", "WP248 criterion 7: vulnerable data subjects"),
            T(
                "Des personnes vulnérables sont concernées : enfants, personnes âgées, patients, personnes en situation de handicap, majeurs protégés, personnes en situation de précarité, ou salariés (déséquilibre des rapports de force).",
                "Vulnerable persons are in scope: children, elderly persons, patients, persons with disabilities, adults under protection, persons in precarious situations, or employees (power imbalance).",
            ),
            WP248 + criterion(7),
            ONE_WP248,
        ),
        r(
            "SCR-WP248-8",
            T(
                "Critère WP248 n° 8 : usage innovant ou nouvelle technologie",
                "WP248 criterion 8: innovative use or new technology",
            ),
            T(
                "Usage innovant ou application de nouvelles solutions technologiques ou organisationnelles.",
                "Innovative use or application of new technological or organisational solutions.",
            ),
            WP248 + criterion(8),
            ONE_WP248,
        ),
        r(
            "SCR-WP248-9",
            T(
                "Critère WP248 n° 9 : le traitement conditionne un droit, un service ou un contrat",
                "WP248 criterion 9: the processing conditions a right, a service or a contract",
            ),
            T(
                "Le traitement empêche les personnes d'exercer un droit ou de bénéficier d'un service ou d'un contrat (considérant 91) : par exemple, la réservation est la porte d'accès à la vaccination.",
                "The processing prevents data subjects from exercising a right or using a service or a contract (Recital 91), e.g. booking is the gateway to vaccination.",
            ),
            WP248 + criterion(9) + T(" ; RGPD, considérant 91", "; GDPR Recital 91"),
            ONE_WP248,
        ),
        r(
            "SCR-WP248-COUNT",
            T(
                "Deux critères WP248 ou plus : une AIPD est requise",
                "Two or more WP248 criteria: a DPIA is required",
            ),
            T(
                "WP248 : un traitement qui remplit deux critères exige, dans la plupart des cas, une AIPD ; la CNIL applique cette règle et demande une AIPD en cas de doute. Un seul critère est signalé mais ne suffit pas à conclure.",
                "WP248: a processing meeting two criteria will in most cases require a DPIA; the CNIL applies the rule and asks for a DPIA when in doubt. One criterion alone is reported but does not decide.",
            ),
            WP248 + T(" ; CNIL, lignes directrices AIPD (2018)", "; CNIL, lignes directrices AIPD (2018)"),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-CNIL327-1",
            T(
                "Liste CNIL, point 1 : données de santé traitées par les établissements de santé ou médico-sociaux pour la prise en charge des personnes",
                "CNIL list item 1: health data processed by health or medico-social establishments for care",
            ),
            T(
                "Traitements de données de santé mis en œuvre par les établissements de santé ou les établissements médico-sociaux pour la prise en charge des personnes.",
                "Processing of health data implemented by health establishments or medico-social establishments for the care of persons.",
            ),
            CNIL_327 + item(1),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-CNIL327-3",
            T("Liste CNIL, point 3 : profilage des salariés", "CNIL list item 3: profiling of employees"),
            T(
                "Traitements ayant pour finalité d'évaluer ou de profiler les salariés (gestion des ressources humaines).",
                "Processing to evaluate or profile employees (HR management).",
            ),
            CNIL_327 + item(3),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-CNIL327-4",
            T(
                "Liste CNIL, point 4 : surveillance constante de l'activité des salariés",
                "CNIL list item 4: constant monitoring of employees",
            ),
            T(
                "Traitements ayant pour finalité de surveiller de manière constante l'activité des salariés.",
                "Processing to monitor employees' activity constantly.",
            ),
            CNIL_327 + item(4),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-CNIL327-5",
            T(
                "Liste CNIL, point 5 : alertes et signalements en matière sanitaire lors d'une crise",
                "CNIL list item 5: alerts and reports in health matters during a crisis",
            ),
            T(
                "Traitements ayant pour finalité la gestion des alertes et des signalements en matière sociale et sanitaire, par exemple par une agence sanitaire gérant une crise sanitaire.",
                "Processing for the management of alerts and reports in social and health matters, e.g. by a health agency managing a health crisis.",
            ),
            CNIL_327 + item(5),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-CNIL327-7",
            T(
                "Liste CNIL, point 7 : données de santé nécessaires à la constitution d'un entrepôt ou d'un registre",
                "CNIL list item 7: health data feeding a warehouse or a register",
            ),
            T(
                "Traitements de données de santé nécessaires à la constitution d'un entrepôt de données ou d'un registre.",
                "Processing of health data needed to build a data warehouse or a register.",
            ),
            CNIL_327 + item(7),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-CNIL327-14",
            T(
                "Liste CNIL, point 14 : données de localisation à grande échelle",
                "CNIL list item 14: large-scale location data",
            ),
            T(
                "Traitements de données de localisation à grande échelle.",
                "Processing of location data on a large scale.",
            ),
            CNIL_327 + item(14),
            DPIA_REQUIRED,
        ),
        r(
            "SCR-CNIL118-5",
            T(
                "Dispense CNIL, point 5 : associations gérant leurs membres, sans données sensibles",
                "CNIL exemption item 5: associations managing members, non-sensitive data",
            ),
            T(
                "Associations, fondations et organismes à but non lucratif gérant leurs membres et donateurs, sans données sensibles : aucune AIPD n'est requise.",
                "Associations, foundations and non-profits managing their members and donors, with no sensitive data: no DPIA required.",
            ),
            CNIL_118 + item(5),
            EXEMPT,
        ),
        r(
            "SCR-CNIL118-6",
            T(
                "Dispense CNIL, point 6 : professionnel de santé exerçant à titre individuel",
                "CNIL exemption item 6: a health professional practising individually",
            ),
            T(
                "Données de santé nécessaires à la prise en charge d'un patient, traitées par un professionnel de santé exerçant à titre individuel : aucune AIPD n'est requise. Une plateforme utilisée par de nombreux professionnels, ou un traitement à grande échelle, ne relève pas de ce cas (considérant 91).",
                "Health data needed for a patient's care processed by a health professional practising individually: no DPIA required. A platform used by many professionals, or a large-scale processing, is not this case (Recital 91).",
            ),
            CNIL_118 + item(6) + T(" ; RGPD, considérant 91", "; GDPR Recital 91"),
            EXEMPT,
        ),
        # Levels ------------------------------------------------------------------------------
        r(
            "LVL-MATRIX",
            T("Niveau de risque selon la gravité et la vraisemblance", "Risk level from severity and likelihood"),
            T(
                "L'outil PIA de la CNIL ne calcule pas de niveau de risque ; cette matrice en donne un, afin de hiérarchiser les risques et d'appliquer l'art. 36 : lignes gravité 1 à 4, colonnes vraisemblance 1 à 4 : [1 1 2 2] [1 2 3 4] [2 3 3 4] [3 3 4 4]. Un risque de gravité 4 n'est jamais inférieur à 3, quelle que soit sa vraisemblance (modèle d'AIPD du CEPD, 2026, note 9).",
                "The CNIL tool computes no risk level; this matrix gives one so that risks can be ranked and Art. 36 applied: rows severity 1–4, columns likelihood 1–4: [1 1 2 2] [1 2 3 4] [2 3 3 4] [3 3 4 4]. A severity-4 risk is never below 3, whatever its likelihood (EDPB DPIA template 2026, footnote 9).",
            ),
            CNIL_METHOD + T(" ; CEPD, modèle d'AIPD v1.0 (2026), §4.1", "; EDPB, DPIA template v1.0 (2026), §4.1"),
            T("niveau = RISQUE[gravité][vraisemblance]", "level = RISK[severity][likelihood]"),
        ),
        r(
            "LVL-RESIDUAL",
            T(
                "Les niveaux résiduels comptent aussi les mesures prévues",
                "Residual levels count the planned measures too",
            ),
            T(
                "Les niveaux initiaux ne comptent que les mesures en place ; les niveaux résiduels comptent aussi les mesures prévues et celles du plan d'action, comme si elles étaient en place.",
                "Initial levels count only implemented measures; residual levels count the planned measures and the measures of the action plan as if they were in place.",
            ),
            CNIL_KB + ", PIA_METHOD_MES",
            T("résiduel", "residual"),
        ),
        r(
            "LVL-ART36",
            T(
                "Consultation préalable : AIPD requise et un risque résiduel de niveau 3 ou 4",
                "Prior consultation: DPIA required and a residual risk at level 3 or 4",
            ),
            T(
                "Le responsable du traitement consulte la CNIL préalablement au traitement lorsque l'AIPD indique un risque élevé que les mesures ne réduisent pas : une AIPD est requise et un risque résiduel reste de niveau 3 ou 4.",
                "The controller consults the CNIL before processing when the DPIA shows a high risk that the measures do not reduce: a DPIA is required and a residual risk level stays at 3 or 4.",
            ),
            T("RGPD, art. 36(1), considérant 84 ; ", "GDPR Art. 36(1), Recital 84; ")
            + WP248
            + T(" (risques résiduels toujours élevés)", " (residual risks still high)"),
            T("consultation préalable", "prior consultation"),
        ),
        # Severity of the CNIL feared events ---------------------------------------------------
        r(
            "SEV-BASE",
            T(
                "La gravité part de la catégorie de données exposée la plus préjudiciable",
                "Severity starts from the most harmful data category exposed",
            ),
            T(
                "Chaque événement redouté a sa table de catégories de données : identité, coordonnées et données de connexion 1 ; données révélant une prise en charge (un rendez-vous de vaccination, une éligibilité sur l'honneur) et données perçues comme sensibles (numéro de sécurité sociale, paiement, localisation) 2 ; données de santé proprement dites (motif de soins, documents médicaux) 3. L'intégrité et la disponibilité ont leurs propres colonnes : perdre ou altérer un rendez-vous retarde les soins (2) ; altérer un numéro de sécurité sociale égare un remboursement (2). Le volume joue sur la vraisemblance, pas sur la gravité, que la CNIL apprécie par personne concernée.",
                "Each feared event has a table of data categories: identity, contact and connection data 1; care-inferring data (a vaccination appointment, eligibility on honour) and perceived-sensitive data (social security number, payment, location) 2; health data proper (reason for care, medical documents) 3. Integrity and availability use their own columns: losing or altering an appointment delays care (2); altering a social security number misroutes reimbursement (2). Volume acts on likelihood, not on severity, which the CNIL rates per data subject.",
            ),
            CNIL_KB + ", PIA_EX_IMPN/IMPL/IMPI/IMPM, PIA_EX_DCPC/DCPS/DCPR",
            T("gravité = pire catégorie", "severity = worst category"),
        ),
        r(
            "SEV-VULNERABLE",
            T(
                "Mineurs ou majeurs protégés : gravité +1, jusqu'à 3",
                "Minors or adults under protection: severity +1, up to 3",
            ),
            T(
                "Les enfants et les majeurs sous protection juridique ne peuvent déceler ni surmonter seuls les conséquences : les impacts sont plus difficiles à surmonter d'un niveau, jusqu'à 3 (importante) ; le niveau 4 est réservé aux conséquences insurmontables, ce que leur statut seul ne montre pas. Les personnes âgées et les patients comptent pour l'examen préalable (critère WP248 n° 7) mais n'élèvent pas la gravité à eux seuls : pour une réservation, le préjudice qu'ils subissent est le même que celui des autres personnes.",
                "Children and adults under legal protection cannot detect or overcome the consequences alone, so the impacts are one level harder to overcome, up to 3 (significant): level 4 is for consequences that cannot be overcome, which their status alone does not show. Elderly persons and patients count for screening (WP248 criterion 7) but do not raise severity on their own: for a booking, their harm is the same as other persons'.",
            ),
            CNIL_KB + T(", PIA_EX_IMPI ; ", ", PIA_EX_IMPI; ") + WP248 + criterion(7),
            T("gravité +1 (au plus 3)", "severity +1 (at most 3)"),
        ),
        r(
            "SEV-HIGH-INTEREST",
            T(
                "Personnes présentant un intérêt particulier : gravité de la confidentialité +1",
                "Persons of particular interest in scope: confidentiality severity +1",
            ),
            T(
                "Les responsables publics, militaires, journalistes ou dissidents subissent un préjudice plus grave (pressions, chantage, danger) lorsque leurs données fuient ou parviennent à une autorité étrangère.",
                "Officials, military staff, journalists or dissidents face greater harm (pressure, blackmail, danger) when their data leak or reach a foreign authority.",
            ),
            REF_MODEL + step("F"),
            T("gravité +1", "severity +1"),
        ),
        r(
            "SEV-PSEUDONYMISED",
            T(
                "Données pseudonymisées, secret conservé à part dans l'EEE : gravité de la confidentialité -1",
                "Pseudonymised data, secret kept apart in the EEA: confidentiality severity -1",
            ),
            T(
                "Lorsque les données ne portent aucun identifiant direct et que le secret de réidentification est conservé dans l'EEE par une entité qu'aucun droit étranger n'atteint, quiconque obtient les données ne peut raisonnablement réidentifier les personnes.",
                "When the data carry no direct identifier and the re-identification secret is kept in the EEA by an entity that no foreign law reaches, whoever obtains the data cannot reasonably re-identify the persons.",
            ),
            T(
                "RGPD, art. 4(5) ; CJUE, C-413/23 P, CEPD c. CRU (4 sept. 2025) ; ",
                "GDPR Art. 4(5); CJEU C-413/23 P, EDPS v SRB (4 Sept. 2025); ",
            )
            + EDPB_0120
            + use_case("2"),
            T("gravité -1", "severity -1"),
        ),
        # Likelihood of the CNIL feared events -------------------------------------------------
        r(
            "LIK-BASE",
            T(
                "La vraisemblance part de 4 (maximale) sans mesure pour un service en réseau",
                "Likelihood starts at 4 (maximum) without measures for a networked service",
            ),
            T(
                "Pour un traitement accessible par les réseaux à de nombreux utilisateurs, personnels et prestataires, il « semble extrêmement facile » aux sources de risques de provoquer l'événement redouté lorsque rien ne protège les supports ; un traitement sans prestataire ni support logiciel ou réseau part de 3.",
                "For a processing reached over networks by many users, staff and providers, it 'seems extremely easy' for risk sources to cause the feared event when nothing protects the supporting assets; a processing with no provider and no software or network asset starts at 3.",
            ),
            CNIL_KB + ", PIA_EX_VRAN/VRAL/VRAI/VRAM, PIA_DEF_VRA",
            T("vraisemblance de départ 4 (ou 3)", "likelihood base 4 (or 3)"),
        ),
        r(
            "LIK-POINTS",
            T("Les points de protection abaissent la vraisemblance", "Protection points lower the likelihood"),
            T(
                f"Chaque mesure du catalogue en place ajoute ses points de protection contre l'événement redouté (règles IA-M-*, UM-M-*, DIS-M-*). En dessous de {POINT_THRESHOLDS[0]} points, la vraisemblance reste à son niveau de départ ; à partir de {POINT_THRESHOLDS[0]}, elle baisse d'un niveau, à partir de {POINT_THRESHOLDS[1]} de deux, à partir de {POINT_THRESHOLDS[2]} de trois, jamais en dessous de 1. Les mesures clés (chiffrement et contrôle d'accès pour la confidentialité, contrôle d'accès et traçabilité pour l'intégrité, sauvegardes pour la disponibilité) pèsent davantage.",
                f"Each catalogue measure in place adds its protection points against the feared event (rules IA-M-*, UM-M-*, DIS-M-*). Points below {POINT_THRESHOLDS[0]} leave the base; from {POINT_THRESHOLDS[0]} the likelihood drops one level, from {POINT_THRESHOLDS[1]} two, from {POINT_THRESHOLDS[2]} three, never below 1. Key measures (encryption and access control for confidentiality, access control and logging for integrity, backups for availability) weigh more.",
            ),
            CNIL_KB + T(", catalogue des mesures ; ", ", measures catalogue; ") + CNIL_METHOD,
            T(
                f"-1 niveau à {POINT_THRESHOLDS[0]}, {POINT_THRESHOLDS[1]} et {POINT_THRESHOLDS[2]} points",
                f"-1 level at {POINT_THRESHOLDS[0]}, {POINT_THRESHOLDS[1]} and {POINT_THRESHOLDS[2]} points",
            ),
        ),
        r(
            "IA-LONG-RETENTION",
            T(
                f"Données conservées plus de {LONG_RETENTION_MONTHS} mois : -{LONG_RETENTION_PENALTY} points de protection contre l'accès illégitime",
                f"Data kept over {LONG_RETENTION_MONTHS} months: -{LONG_RETENTION_PENALTY} protection points against illegitimate access",
            ),
            T(
                "Plus les données sont conservées longtemps (sauvegardes comprises), plus longtemps elles peuvent être atteintes : une longue conservation élargit la fenêtre pendant laquelle toute faiblesse peut être exploitée. Elle coûte des points de protection plutôt qu'un niveau entier, afin qu'une durée légale (les 20 ans d'un dossier médical) pèse sur la cotation sans la décider.",
                "The longer data are kept (backups included), the longer they can be reached: a long retention widens the window in which any weakness can be exploited. It costs protection points rather than a whole level, so that a legal retention (a medical record's 20 years) weighs on the score without deciding it.",
            ),
            T("RGPD, art. 5(1)(e) ; ", "GDPR Art. 5(1)(e); ") + CNIL_KB + ", PIA_LGL_DUR",
            T(f"-{LONG_RETENTION_PENALTY} points", f"-{LONG_RETENTION_PENALTY} points"),
        ),
        r(
            "DIS-FLOOR-NO-BACKUP",
            T(
                "Pas de sauvegardes : vraisemblance de la disparition au moins égale à 3",
                "No backups: disappearance likelihood at least 3",
            ),
            T(
                "Sans sauvegardes, une seule panne, erreur ou attaque par rançongiciel fait perdre les données définitivement : les autres mesures rendent l'événement moins fréquent, mais ne peuvent le rendre difficile.",
                "Without backups a single failure, error or ransomware attack loses the data for good: other measures make it less frequent but cannot make it difficult.",
            ),
            CNIL_KB + ", PIA_SEC_BKP",
            T("plancher de vraisemblance 3", "likelihood floor 3"),
        ),
        # Extraterritorial access --------------------------------------------------------------
        r(
            "EXT-J0",
            T(
                "J0 : aucune entité soumise à la contrainte d'un pays tiers",
                "J0: no entity subject to a third country's compulsion",
            ),
            T(
                "L'entité du prestataire et sa société mère sont dans l'EEE, son groupe n'a aucune filiale hors de l'UE, et il ne conserve, ne sauvegarde et n'administre les données que dans l'EEE.",
                "The provider's entity and parent are in the EEA, its group has no affiliate outside the EU, and it keeps, backs up and administers the data only in the EEA.",
            ),
            REF_MODEL + step("A") + T(" ; ", "; ") + SNC,
            same("J0"),
        ),
        r(
            "EXT-J1",
            T(
                "J1 : prestataire contrôlé dans l'UE ayant des filiales hors de l'UE, ou qualifié SecNumCloud",
                "J1: EU-controlled provider with affiliates outside the EU, or SecNumCloud-qualified",
            ),
            T(
                "Le prestataire est contrôlé dans l'EEE et y conserve les données, mais son groupe a hors de l'UE des filiales auxquelles une juridiction étrangère pourrait ordonner de produire des données (l'ordonnance de communication ontarienne signifiée à la filiale canadienne d'OVH, 2024-2025) ; la contrainte n'est qu'indirecte et se heurte à l'art. 48 du RGPD et à la loi de blocage française. Une qualification SecNumCloud 3.2 (§19.6 : contrôle européen, aucune voie technique pour des tiers non européens) limite aussi à J1 un prestataire dont la société mère est étrangère.",
                "The provider is controlled in the EEA and keeps the data there, but its group has affiliates outside the EU that a foreign court could order to produce data (the Ontario production order served on OVH's Canadian subsidiary, 2024–25); compulsion is only indirect and conflicts with Art. 48 GDPR and the French blocking statute. A SecNumCloud 3.2 qualification (§19.6: EU control, no technical path for non-EU third parties) also caps a foreign-parented provider at J1.",
            ),
            REF_MODEL
            + step("A")
            + T(" ; ", "; ")
            + SNC
            + T(" ; RGPD, art. 48 ; ", "; GDPR Art. 48; ")
            + "loi n° 68-678 du 26 juillet 1968",
            same("J1"),
        ),
        r(
            "EXT-J2",
            T(
                "J2 : entité de l'EEE contrôlée depuis un pays tiers doté d'un État de droit",
                "J2: EEA entity controlled from a rule-of-law third country",
            ),
            T(
                "Le prestataire est établi dans l'EEE et y conserve les données, mais sa société mère est soumise aux lois d'accès d'un pays tiers qui atteignent les données détenues par les filiales qu'elle contrôle (théorie du « contrôle » du CLOUD Act) : ce n'est pas un transfert au sens du chapitre V, mais un risque que l'AIPD doit apprécier.",
                "The provider is established in the EEA and keeps the data there, but its parent is subject to a third country's lawful-access laws that reach data held by subsidiaries under its control (CLOUD Act 'control' theory): not a Chapter V transfer, but a risk the DPIA must assess.",
            ),
            REF_MODEL + step("A") + T(" ; ", "; ") + EDPB_0521 + T(" ; ", "; ") + CE_2021,
            same("J2"),
        ),
        r(
            "EXT-J3",
            T(
                "J3 : prestataire, stockage, sauvegardes ou administration dans un pays tiers",
                "J3: provider, storage, backups or administration in a third country",
            ),
            T(
                "L'entité du prestataire est dans un pays tiers, ou il y stocke, sauvegarde ou administre les données (accès à distance et support compris : un transfert au sens du chapitre V). Une société mère située dans un pays tiers dont ce registre n'a pas évalué le droit, ou sans décision d'adéquation, est traitée de la même façon.",
                "The provider's entity is in a third country, or it stores, backs up or administers the data from one (remote access and support included: a transfer under Chapter V). A parent in a third country whose law this registry has not assessed, or with no adequacy finding, is treated the same way.",
            ),
            REF_MODEL + step("A") + T(" ; HDS v2 EXI 29 ; ", "; HDS v2 EXI 29; ") + TIKTOK,
            same("J3"),
        ),
        r(
            "EXT-J4",
            T(
                "J4 : un pays dont la loi impose de prêter assistance au renseignement",
                "J4: a jurisdiction with a statutory duty to assist intelligence",
            ),
            T(
                "Le prestataire, sa société mère, ou un lieu où il conserve ou administre les données relève d'un pays dont la loi oblige les organisations à soutenir en secret le travail de renseignement, sans garanties essentielles : l'exposition existe où que se trouvent les données.",
                "The provider, its parent, or a place where it keeps or administers the data is in a country whose law obliges organisations to support intelligence work in secret, without essential guarantees: exposed wherever the data sit.",
            ),
            REF_MODEL + step("A") + T(" ; ", "; ") + TIKTOK,
            same("J4"),
        ),
        r(
            "EXT-T0",
            T("T0 : le prestataire peut lire les données", "T0: the provider can read the data"),
            T(
                "Aucun chiffrement des données stockées, des clés gérées par le prestataire, ou le prestataire détient lui-même les clés : contraint, il peut remettre des données intelligibles.",
                "No encryption of stored data, keys managed by the provider, or the provider itself holds the keys: compelled, it can hand over intelligible data.",
            ),
            REF_MODEL + step("B") + T(" ; ", "; ") + EDPB_0120 + use_case("6"),
            same("T0"),
        ),
        r(
            "EXT-T1",
            T(
                "T1 : clés du client dans le service de clés du prestataire, ou clés à la portée d'un droit étranger",
                "T1: customer keys in the provider's key service, or keys within a foreign law's reach",
            ),
            T(
                "Des clés que le client gère dans le KMS ou le HSM du prestataire (BYOK), ou un détenteur externe des clés lui-même situé hors de l'EEE ou exposé à un droit étranger : l'infrastructure du prestataire ou une entité contraignable peut encore déchiffrer.",
                "Keys the customer manages inside the provider's own KMS or HSM (BYOK), or an external key holder that is itself outside the EEA or exposed to a foreign law: the provider's stack or a compellable entity can still decrypt.",
            ),
            REF_MODEL + step("B"),
            same("T1"),
        ),
        r(
            "EXT-T2",
            T(
                "T2 : clés détenues hors du prestataire dans l'EEE, mais données déchiffrées sur ses machines",
                "T2: keys held outside the provider in the EEA, but data decrypted on its machines",
            ),
            T(
                "Un détenteur des clés situé dans l'EEE et qu'aucun droit étranger n'atteint empêche la divulgation en masse depuis le stockage, mais l'application déchiffre les données sur les serveurs du prestataire : un accès contraint aux données en cours d'utilisation reste possible (le cas que le Conseil d'État n'a pas examiné en 2021).",
                "An EEA key holder that no foreign law reaches blocks bulk disclosure from storage, but the application decrypts the data on the provider's compute: compelled in-use access remains possible (the case the Conseil d'État did not discuss in 2021).",
            ),
            REF_MODEL + step("B") + T(" ; ", "; ") + CE_2021 + T(" ; ", "; ") + EDPB_0120 + use_case("6"),
            same("T2"),
        ),
        r(
            "EXT-T3",
            T(
                "T3 : le prestataire ne détient jamais de données identifiantes en clair",
                "T3: the provider never holds clear identifiable data",
            ),
            T(
                "Le prestataire ne traite pas les données en clair et ne détient pas les clés (chiffrement côté client, ou clés externes dans l'EEE pour le seul stockage), ou les données qu'il détient ne portent aucun identifiant direct et le secret de réidentification reste dans l'EEE auprès d'une entité non exposée.",
                "The provider neither processes the data in clear nor holds the keys (client-side or external EEA keys over storage only), or the data it holds carry no direct identifier and the re-identification secret stays in the EEA with an unexposed entity.",
            ),
            REF_MODEL
            + step("B")
            + T(" ; ", "; ")
            + EDPB_0120
            + T(", cas d'usage 1 et 2 ; CJUE, C-413/23 P", ", use cases 1 and 2; CJEU C-413/23 P"),
            same("T3"),
        ),
        r(
            "EXT-MATRIX",
            T(
                "Vraisemblance structurelle selon les classes de juridiction et de technique",
                "Structural likelihood from jurisdiction and technical classes",
            ),
            T(
                "L0 = M[J][T], lignes J0 à J4, colonnes T0 à T3 : J0 [1 1 1 1], J1 [2 2 1 1], J2 [3 3 2 1], J3 [4 3 3 2], J4 [4 4 4 3]. Avec des données en clair et une contrainte directe, l'accès « semble possible » ou « extrêmement facile » ; avec des clés confiées à un tiers européen, il « semble difficile » ; sans données en clair, il « ne semble pas possible », sauf par les métadonnées ou la chaîne d'approvisionnement en J3 et J4.",
                "L0 = M[J][T], rows J0–J4, columns T0–T3: J0 [1 1 1 1], J1 [2 2 1 1], J2 [3 3 2 1], J3 [4 3 3 2], J4 [4 4 4 3]. Clear data and direct compulsion 'seem possible' or 'extremely easy'; keys with an EU custodian 'seem difficult'; no clear data 'does not seem possible', except through metadata or the supply chain in J3 and J4.",
            ),
            REF_MODEL + step("C") + T(" ; ", "; ") + CNIL_KB + ", PIA_EX_VRA*",
            T("vraisemblance = M[J][T]", "likelihood = M[J][T]"),
        ),
        r(
            "EXT-ADJ-INTEREST",
            T(
                "Personnes présentant un intérêt particulier, ou données de santé à l'échelle nationale : +1",
                "Persons of interest, or a national-scale health dataset: +1",
            ),
            T(
                f"La présence de personnes présentant un intérêt particulier, ou des données de santé identifiantes proprement dites portant sur {number(NATIONAL_SCALE_PERSONS, 'fr')} personnes ou plus, font de l'ensemble de données une cible qui vaut l'effort d'une autorité étrangère.",
                f"High-interest persons in scope, or identifiable health data proper on {number(NATIONAL_SCALE_PERSONS, 'en')} persons or more, make the dataset a target worth a foreign authority's effort.",
            ),
            REF_MODEL + step("D"),
            T("vraisemblance +1 ", "likelihood +1 ") + ADJ_CLIPPED,
        ),
        r(
            "EXT-ADJ-WINDOW",
            T(
                f"Fenêtre d'exposition courte (≤ {SHORT_WINDOW_MONTHS} mois, sauvegardes comprises) : -1",
                f"Short exposure window (≤ {SHORT_WINDOW_MONTHS} months, backups included): -1",
            ),
            T(
                "Le Conseil d'État s'est fondé sur la suppression des données de réservation dans un délai de trois mois. La fenêtre est la plus longue des durées de conservation active et de conservation déclarée des sauvegardes ; lorsque les sauvegardes sont conservées pour une durée non précisée, elles sont réputées suivre la conservation active, et le motif le dit : renseigner measures.backups.retention_months pour défendre la fenêtre.",
                "The Conseil d'État relied on the deletion of booking data within three months. The window is the longest of the active retention and the stated backup retention; when backups are kept for an unstated time they are taken to follow the active retention, and the reason says so: state measures.backups.retention_months to defend the window.",
            ),
            REF_MODEL + step("D") + T(" ; ", "; ") + CE_2021,
            T("vraisemblance -1 ", "likelihood -1 ") + ADJ_CLIPPED,
        ),
        r(
            "EXT-ADJ-EVIDENCE",
            T("Preuves vérifiables de la pratique : -1", "Verifiable evidence of practice: -1"),
            T(
                "Des preuves objectives et vérifiables que la loi problématique n'est pas appliquée à de telles données : un rapport de transparence détaillé sur les contenus d'entreprise stockés à l'étranger, assorti d'une obligation contractuelle de contester et de notifier les demandes, ou une qualification SecNumCloud. Une clause de contestation seule ne compte pour rien (aucun recours légal en annulation n'est ouvert aux clients français ; les injonctions FISA §702 peuvent être assorties d'une obligation de silence) ; une déclaration HDS d'« absence de risque » ne compte que si elle émane d'une activité qualifiée SecNumCloud, la seule que l'EXI 31 autorise à l'affirmer (le modèle de référence l'acceptait seule).",
                "Objective, verifiable evidence that the problematic law is not applied to such data: a granular transparency report on enterprise content stored abroad together with a contractual duty to challenge and notify requests, or a SecNumCloud qualification. A challenge clause alone counts for nothing (no statutory motion to quash is open to French customers; FISA §702 directives may come with gag orders); an HDS 'no risk' statement counts only from a SecNumCloud-qualified activity, the only one EXI 31 allows to say it (the reference model accepted it alone).",
            ),
            EDPB_0120 + T(", §43.3, §46-47 ; ", ", §43.3, §46–47; ") + HDS_V2 + " (EXI 31)",
            T("vraisemblance -1 ", "likelihood -1 ") + ADJ_CLIPPED,
        ),
        r(
            "EXT-ADJ-CLIP",
            T("L'ajustement net est borné à ±1", "The net adjustment is clipped to ±1"),
            T(
                "Le contexte déplace la vraisemblance structurelle d'un niveau au plus, afin que la juridiction et les clés, et non la documentation, décident du niveau.",
                "Context moves the structural likelihood by one level at most, so that the jurisdiction and the keys, not the paperwork, decide the level.",
            ),
            REF_MODEL + step("D"),
            T("borné à [-1, +1]", "clip to [-1, +1]"),
        ),
        r(
            "EXT-F1",
            T(
                "Plancher : prestataire exposé sans protection de bout en bout : au moins 2",
                "Floor: exposed provider without end-to-end protection: at least 2",
            ),
            T(
                "Lorsqu'un prestataire est exposé (J2 ou pire) et peut encore atteindre des données en clair en cours d'utilisation (T2 ou pire), le risque « ne peut être totalement exclu », comme l'a jugé le Conseil d'État dans chacune des affaires de données de santé de 2020 à 2025.",
                "When a provider is exposed (J2 or worse) and can still reach clear data in use (T2 or worse), the risk 'cannot be totally excluded', as the Conseil d'État held in every health-data case from 2020 to 2025.",
            ),
            REF_MODEL + step("E") + T(" ; ", "; ") + CE_HDH + T(" ; ", "; ") + CE_2021,
            T("plancher de vraisemblance 2", "likelihood floor 2"),
        ),
        r(
            "EXT-F2",
            T(
                "Plancher : prestataire exposé capable de déchiffrer : au moins 3",
                "Floor: exposed provider that can decrypt: at least 3",
            ),
            T(
                "Lorsqu'un prestataire exposé (J2 ou pire) détient ou atteint les clés (T0 ou T1), il peut techniquement déférer à une injonction : aucune mesure supplémentaire n'est efficace (cas d'usage 6 du CEPD), et aucun ajustement ne ramène la vraisemblance sous 3. Le plancher J3 distinct du modèle de référence est la même règle et est fusionné ici.",
                "When an exposed provider (J2 or worse) holds or reaches the keys (T0 or T1), it can technically comply with an order: no supplementary measure is effective (EDPB use case 6), so no adjustment brings the likelihood below 3. The reference model's separate J3 floor is the same rule and is merged here.",
            ),
            REF_MODEL + step("E") + T(" ; ", "; ") + EDPB_0120 + use_case("6"),
            T("plancher de vraisemblance 3", "likelihood floor 3"),
        ),
        r(
            "EXT-F3",
            T(
                "Plancher : pays imposant l'assistance au renseignement : au moins 3, et 4 avec configuration à proscrire si les données sont accessibles",
                "Floor: intelligence-duty jurisdiction: at least 3, and 4 with no-go if data reachable",
            ),
            T(
                "Lorsqu'une obligation légale d'assister le renseignement s'applique (J4), aucun ajustement ne ramène la vraisemblance sous 3 ; si le prestataire peut atteindre des données en clair (T2 ou pire), la vraisemblance est de 4 et la configuration est à proscrire : l'équivalence essentielle ne peut être démontrée.",
                "Where a statutory duty to assist intelligence applies (J4), no adjustment brings the likelihood below 3; if the provider can reach clear data (T2 or worse), the likelihood is 4 and the set-up is a no-go: essential equivalence cannot be shown.",
            ),
            REF_MODEL + step("E") + T(" ; ", "; ") + TIKTOK,
            T("plancher de vraisemblance 3, ou 4 et configuration à proscrire", "likelihood floor 3, or 4 and no-go"),
        ),
        r(
            "EXT-F4",
            T(
                "Plancher : demandes étrangères connues : 4 et configuration à proscrire",
                "Floor: known foreign requests: 4 and no-go",
            ),
            T(
                "Une autorité étrangère a déjà demandé les données de ce service : le risque n'est plus hypothétique ; la voie probabiliste est fermée.",
                "A foreign authority already asked for this service's data: the risk is no longer hypothetical; the probabilistic route is closed.",
            ),
            REF_MODEL
            + step("E")
            + T(" ; Rosenthal, méthode TIA, questions rédhibitoires", "; Rosenthal, TIA method, no-go questions"),
            T("vraisemblance 4, configuration à proscrire", "likelihood 4, no-go"),
        ),
        r(
            "EXT-CHAIN",
            T("La chaîne prend son maillon le plus exposé", "The chain takes its worst provider"),
            T(
                "Chaque sous-traitant, sous-traitant ultérieur et responsable du traitement hors de l'EEE est examiné ; la vraisemblance extraterritoriale est la plus élevée d'entre eux, puisqu'un seul maillon contraignable suffit.",
                "Every processor, sub-processor and controller outside the EEA is assessed; the extraterritorial likelihood is the highest among them, since one compellable link suffices.",
            ),
            REF_MODEL + T(", §7.1 ; RGPD, art. 28(2) et (4)", ", §7.1; GDPR Art. 28(2) and (4)"),
            T("vraisemblance = maximum sur la chaîne", "likelihood = max over the chain"),
        ),
        r(
            "EXT-SEV-BASE",
            T(
                "La gravité extraterritoriale est celle de l'accès illégitime",
                "Extraterritorial severity is the illegitimate-access severity",
            ),
            T(
                "Une autorité étrangère est une source de risques de plus pour le même événement redouté : la gravité est donc celle de l'accès illégitime (règles SEV-*) : 2 pour des données révélant une prise en charge (une réservation de vaccination, une éligibilité sur l'honneur, comme l'a relevé le Conseil d'État en 2021), 3 pour des données de santé proprement dites, +1 pour les mineurs ou majeurs protégés et pour les personnes présentant un intérêt particulier, -1 pour des données pseudonymisées. L'étape F du modèle de référence donne la même échelle ; un seul jeu de règles évite deux gravités pour un même événement.",
                "A foreign authority is one more risk source of the same feared event, so the severity is that of illegitimate access (SEV-* rules): 2 for data inferring care (a vaccination booking, eligibility on honour, as the Conseil d'État found in 2021), 3 for health data proper, +1 for minors or adults under protection and for persons of particular interest, -1 for pseudonymised data. The reference model's step F gives the same ladder; keeping one set of rules avoids two severities for one event.",
            ),
            REF_MODEL + step("F") + T(" ; ", "; ") + CE_2021,
            T("gravité = gravité de l'accès illégitime", "severity = illegitimate-access severity"),
        ),
        r(
            "EXT-NO-EFFECT",
            T(
                "Consigné, mais sans effet sur la vraisemblance extraterritoriale",
                "Recorded, but changes nothing to the extraterritorial likelihood",
            ),
            T(
                "Les certifications ISO 27001/27701 et HDS, ainsi qu'une interdiction contractuelle des transferts, sont consignées comme éléments de preuve ; aucune ne met un prestataire à l'abri d'une injonction étrangère (la gestion de la sécurité n'est pas une immunité de juridiction ; le CLOUD Act atteint les données où qu'elles soient stockées). Elles comptent pour les points de contrôle.",
                "ISO 27001/27701 certification, HDS certification and a contractual ban on transfers are recorded as evidence; none makes a provider immune to a foreign order (security management is not jurisdictional immunity; the CLOUD Act reaches data wherever stored). They matter for the gates.",
            ),
            REF_MODEL + T(", étape E (G6) ; ", ", step E (G6); ") + HDS_V2,
            T("aucun", "none"),
        ),
        r(
            "EXT-CROSS-CHECK",
            T(
                "Contrôle probabiliste sur la durée de conservation (affichage seulement)",
                "Probability cross-check over the retention window (display only)",
            ),
            T(
                "P = 1 − Π(1 − p_i)^T sur la chaîne, avec p_i = a priori(J) × facteur(T) × 3 pour des personnes présentant un intérêt particulier × 0,5 pour des preuves vérifiables ; a priori J0 1e-7, J1 1e-6, J2 1e-3, J3 1e-2, J4 1e-1 par an ; facteurs T0 1, T1 0,5, T2 0,1, T3 0,01 ; T = la durée de conservation en années, 5 au plus. Tranches : en dessous de 1e-5 négligeable, en dessous de 1e-4 limitée, en dessous de 1e-2 importante, au-delà maximale. Il ne fixe jamais le niveau : il signale un écart de plus d'une tranche.",
                "P = 1 − Π(1 − p_i)^T over the chain, with p_i = prior(J) × factor(T) × 3 for persons of interest × 0.5 for verifiable evidence; priors J0 1e-7, J1 1e-6, J2 1e-3, J3 1e-2, J4 1e-1 a year; factors T0 1, T1 0.5, T2 0.1, T3 0.01; T = the retention in years, at most 5. Bands: below 1e-5 negligible, below 1e-4 limited, below 1e-2 significant, else maximum. It never sets the level: it flags a disagreement of more than one band.",
            ),
            REF_MODEL
            + T(
                ", étape H ; canton de Zurich, RRB 542/2022 (méthode Rosenthal) ; PFPDT, avis du 13 mai 2022 (fausse précision)",
                ", step H; Canton of Zurich RRB 542/2022 (Rosenthal method); FDPIC opinion of 13 May 2022 (false precision)",
            ),
            T("aucun (affichage)", "none (display)"),
        ),
        # Gates --------------------------------------------------------------------------------
        r(
            "GATE-HDS",
            T(
                "Les données de santé hébergées en France exigent un hébergeur certifié HDS",
                "Health data hosted in France need an HDS-certified host",
            ),
            T(
                "Les données de santé d'un responsable du traitement français doivent être hébergées par un hébergeur certifié (art. L.1111-8 CSP). Les certificats du référentiel de 2018 devaient migrer vers HDS v2 au plus tard le 16 mai 2026.",
                "A French controller's health data must be hosted by a certified host (art. L.1111-8 CSP). Certificates of the 2018 scheme had to migrate to HDS v2 by 16 May 2026.",
            ),
            T(
                "Code de la santé publique, art. L.1111-8 et R.1111-8-8 et suivants ; ",
                "Code de la santé publique, art. L.1111-8 and R.1111-8-8 ff.; ",
            )
            + HDS_V2,
            GATE,
        ),
        r(
            "GATE-EXI28",
            T(
                "HDS v2, EXI 28 : données de santé stockées uniquement dans l'EEE",
                "HDS v2 EXI 28: health data stored only in the EEA",
            ),
            T(
                "Un hébergeur HDS v2 stocke les données de santé à caractère personnel exclusivement dans l'EEE ; un stockage ou des sauvegardes ailleurs ne satisfont pas à l'exigence.",
                "An HDS v2 host stores personal health data exclusively in the EEA; storage or backups elsewhere fail the requirement.",
            ),
            HDS_V2 + ", EXI 28",
            GATE,
        ),
        r(
            "GATE-EXI30",
            T(
                "HDS v2, EXI 30/31 : les hébergeurs exposés listent les lois étrangères et les risques résiduels",
                "HDS v2 EXI 30/31: exposed hosts list the foreign laws and residual risks",
            ),
            T(
                "Un hébergeur soumis au droit d'un pays tiers non adéquat doit lister dans le contrat les lois extra-européennes qui pourraient imposer un accès, les mesures d'atténuation et les risques résiduels, et les publier (EXI 31). L'« absence de risque » ne peut être déclarée que par une activité qualifiée SecNumCloud.",
                "A host subject to a non-adequate third country's law must list in the contract the extra-European laws that could force access, the mitigations and the residual risks, and publish them (EXI 31). 'No risk' may be stated only by a SecNumCloud-qualified activity.",
            ),
            HDS_V2 + T(", EXI 30 et 31", ", EXI 30 and 31"),
            GATE,
        ),
        r(
            "GATE-SECNUMCLOUD",
            T(
                "Services de l'État : données de santé sensibles sur un nuage de niveau SecNumCloud",
                "State bodies: sensitive health data on a SecNumCloud-grade cloud",
            ),
            T(
                "Les administrations de l'État et leurs opérateurs qui recourent à une offre commerciale d'informatique en nuage pour des données d'une sensibilité particulière, données de santé comprises, doivent les protéger contre l'accès des autorités de pays tiers (loi SREN, art. 31, doctrine « Cloud au centre », circulaire du 5 février 2026) : un prestataire exposé à un droit étranger sans SecNumCloud doit être examiné. Les seuils du décret d'application restent à vérifier.",
                "State administrations and their operators that use a commercial cloud for data of particular sensitivity, health data included, must protect them against access by third-country authorities (SREN law art. 31, Cloud au centre doctrine, circular of 5 Feb. 2026): a provider exposed to foreign law without SecNumCloud needs review. The implementing decree's thresholds are to be checked.",
            ),
            T(
                "Loi n° 2024-449 du 21 mai 2024 (SREN), art. 31 ; circulaire n° 6519/SG du 5 février 2026 ; ",
                "Loi n° 2024-449 du 21 mai 2024 (SREN), art. 31; circulaire n° 6519/SG du 5 février 2026; ",
            )
            + SNC,
            GATE,
        ),
        r(
            "GATE-CHAPTER-V",
            T(
                "Tout transfert hors de l'EEE exige un fondement du chapitre V",
                "Every transfer outside the EEA needs a Chapter V basis",
            ),
            T(
                "Le stockage, les sauvegardes ou l'administration hors de l'EEE, accès à distance compris, sont des transferts : chacun exige une décision d'adéquation (le cadre de protection des données UE–États-Unis seulement pour les organisations américaines certifiées), des garanties appropriées avec une analyse d'impact des transferts, ou une dérogation étroite de l'art. 49.",
                "Storage, backups or administration outside the EEA, remote access included, are transfers: each needs an adequacy decision (the Data Privacy Framework only for certified US organisations), appropriate safeguards with a transfer impact assessment, or a narrow Art. 49 derogation.",
            ),
            T(
                "RGPD, art. 44 à 49 ; CJUE, C-311/18, Schrems II (16 juillet 2020) ; ",
                "GDPR Art. 44–49; CJEU C-311/18 Schrems II (16 July 2020); ",
            )
            + EDPB_0521
            + T(" ; CNIL, guide AITD (janvier 2025)", "; CNIL, guide AITD (janvier 2025)"),
            GATE,
        ),
        r(
            "GATE-ART28",
            T(
                "Chaque sous-traitant est lié par un contrat conforme à l'art. 28",
                "Every processor is bound by an Art. 28 contract",
            ),
            T(
                "Les sous-traitants et sous-traitants ultérieurs agissent en vertu d'un contrat conforme à l'art. 28(3), ou à l'art. 28(4) pour un sous-traitant ultérieur.",
                "Processors and sub-processors act under a contract that meets Art. 28(3), or Art. 28(4) for a sub-processor.",
            ),
            T("RGPD, art. 28(3) et (4)", "GDPR Art. 28(3) and (4)"),
            GATE,
        ),
        r(
            "GATE-ART32-ENCRYPTION",
            T("Données de santé stockées sans chiffrement", "Health data stored without encryption"),
            T(
                "Le chiffrement des données de santé stockées est attendu d'un traitement de catégories particulières de données (art. 32(1)(a)) ; sans lui, le risque pour la confidentialité ne repose que sur le contrôle des accès.",
                "Encryption of stored health data is expected of a processing of special categories (Art. 32(1)(a)); without it the confidentiality risk rests on access control alone.",
            ),
            T("RGPD, art. 32(1)(a) ; ", "GDPR Art. 32(1)(a); ") + CNIL_KB + ", PIA_TEC_CHIF",
            GATE,
        ),
        r(
            "GATE-LAW-UNASSESSED",
            T(
                "Un pays tiers dont ce registre n'a pas évalué le droit",
                "A third country whose law this registry has not assessed",
            ),
            T(
                "Un prestataire est établi, contrôlé ou accède aux données depuis un pays tiers absent de la table des juridictions : il est coté J3, et l'évaluateur doit documenter quelles lois pourraient y imposer un accès.",
                "A provider is established, controlled or reaches the data from a third country missing from the jurisdictions table: it is scored as J3, and the assessor must document which laws could compel access there.",
            ),
            EDPB_0120 + T(", étape 3", ", step 3"),
            GATE,
        ),
    ]


def _measure_rules() -> list[Rule]:
    rules = []
    for event, weights in MEASURE_WEIGHTS.items():
        for measure, points in weights.items():
            base = measure.removesuffix("_in_transit").removesuffix("_mfa").removesuffix("_restore_tested")
            pseudo = _PSEUDO_MEASURE_TITLES.get(measure)
            name = pseudo or T(label(measure, "fr", "Measure"), label(measure, "en", "Measure"))
            event_name = _EVENT_NAMES[event]
            slug = _MEASURE_SLUGS.get(base, "")
            plural = "s" if points > 1 else ""
            # A catalogue measure is quoted in French, so that no article has to agree with its name.
            fr_subject = name.fr if pseudo else f"la mesure « {name.fr} »"
            rules.append(
                Rule(
                    measure_rule_id(event, measure),
                    T(
                        f"{name.fr[0].upper()}{name.fr[1:]} : +{points} point{plural} de protection contre {event_name.fr}",
                        f"{name.en[0].upper()}{name.en[1:]}: +{points} protection point{plural} against {event_name.en}",
                    ),
                    T(
                        f"Lorsque {fr_subject} est en place, {event_name.fr} devient plus difficile pour les sources de risques : {points} point{plural} de protection (voir LIK-POINTS).",
                        f"When {name.en[0].lower()}{name.en[1:]} is in place, it makes {event_name.en} harder for the risk sources: {points} protection point{plural} (see LIK-POINTS).",
                    ),
                    CNIL_KB + f", {slug}" if slug else CNIL_KB,
                    same(f"+{points} point{plural}"),
                )
            )
    return rules


_SEP = {"fr": " ; ", "en": "; "}
_TIER_FR = {Tier.rule_of_law: "État de droit", Tier.intelligence_duty: "obligation d'assister le renseignement"}


def _jurisdiction_rules() -> list[Rule]:
    rules = []
    for j in JURISDICTIONS.values():
        if j.tier is Tier.intelligence_duty:
            cls = T("J4 où que se trouvent les données", "J4 wherever the data sit")
        else:
            cls = T("J2 par une société mère, J3 sur place", "J2 through a parent, J3 when there")
        check = T(
            " Ces références proviennent de sources secondaires : les vérifier avant tout dépôt.",
            " These citations come from secondary sources: verify them before filing.",
        )
        laws = {lang: [law(lang) for law in j.laws] for lang in ("fr", "en")}
        short = {lang: _SEP[lang].join(law.split(" (")[0] for law in laws[lang]) for lang in ("fr", "en")}
        rules.append(
            Rule(
                jurisdiction_rule_id(j.country),
                T(f"{j.name.fr} ({j.country}) : {short['fr']}", f"{j.name.en} ({j.country}): {short['en']}"),
                T(
                    "Lois pouvant contraindre un prestataire établi dans le pays, contrôlé depuis celui-ci ou "
                    f"accédant aux données depuis celui-ci ({j.name.fr}) : "
                    + " ; ".join(laws["fr"])
                    + f". Catégorie « {_TIER_FR[j.tier]} » : {cls.fr}.{'' if j.verified else check.fr}",
                    "Laws that can compel a provider established in, controlled from or reaching the data from "
                    f"{j.name.en}: "
                    + "; ".join(laws["en"])
                    + f". Tier {j.tier.value}: {cls.en}.{'' if j.verified else check.en}",
                ),
                T(" ; ".join(laws["fr"]), "; ".join(laws["en"])),
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
    """A fingerprint of everything that moves a score or words it: change it only with RULES_VERSION."""
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


_TABLE_HEAD = {
    "fr": ("Version des règles {version}.", "| id | règle | effet | source |"),
    "en": ("Rules version {version}.", "| id | rule | effect | citation |"),
}


def markdown_table(lang: Lang = "en") -> str:
    """The rules as a Markdown table, for docs/scoring.md (in English) or a French page."""
    version, head = _TABLE_HEAD[lang]
    lines = [version.format(version=RULES_VERSION), "", head, "|---|---|---|---|"]
    for rule in registry().values():
        cells = [rule.id, rule.title(lang), rule.effect(lang), rule.citation(lang)]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
