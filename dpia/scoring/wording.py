"""The scoring's words in French and English: bilingual texts, message templates and their rendering.

Scoring records what it found as language-neutral messages (a template key and its facts); the words
are chosen only when the findings are written, in the language asked for. Re-scoring for
recommendations therefore builds no sentence at all.

French is written for a filing with the CNIL: RGPD, AIPD, responsable du traitement, sous-traitant,
gravité, vraisemblance; a space before the colon, as French typography asks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple

from dpia.labels import Lang, label


@dataclass(frozen=True, slots=True)
class T:
    """One text in French and English."""

    fr: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.fr

    def __add__(self, other: T | str) -> T:
        if isinstance(other, str):
            return T(self.fr + other, self.en + other)
        return T(self.fr + other.fr, self.en + other.en)

    def __radd__(self, other: str) -> T:
        return T(other + self.fr, other + self.en)

    def format(self, **values: Any) -> T:
        return T(self.fr.format(**values), self.en.format(**values))


def same(text: str) -> T:
    """A text that reads the same in both languages (a French decision, a law's own name)."""
    return T(text, text)


class Msg(NamedTuple):
    """A sentence not yet worded: the key of a template of MESSAGES and its facts.

    A named tuple because scoring makes a thousand of them per assessment, most never worded.
    """

    key: str
    params: dict[str, Any]


_new_tuple = tuple.__new__


def msg(key: str, **params: Any) -> Msg:
    return _new_tuple(Msg, (key, params))  # skips the named tuple's own __new__: this is on the hot path


@dataclass(frozen=True, slots=True)
class Label:
    """A value worded by the labels catalogue (dpia/locales): the first group that knows it."""

    groups: tuple[str, ...]
    value: str
    lower: bool = False  # inside a sentence: "étendue nationale", "national scope"


def lbl(value: str, *groups: str, lower: bool = False) -> Label:
    return Label(groups, value, lower)


# A tuple of labels is worded as a list: "a, b, c".
Words = Msg | T | Label | str | tuple[Label, ...]


def number(value: float, lang: Lang) -> str:
    """Thousands grouped and decimals as each language writes them (4 000 000 / 4,000,000; 0,001 / 0.001)."""
    if isinstance(value, int):
        grouped = f"{value:,}"
        return grouped.replace(",", "\u00a0") if lang == "fr" else grouped
    text = f"{value:.3g}"
    return text.replace(".", ",") if lang == "fr" else text


_MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def day(value: dt.date) -> T:
    """A date as each language writes it: 16 mai 2026, 16 May 2026."""
    return T(*(f"{value.day} {_MONTHS[lang][value.month - 1]} {value.year}" for lang in ("fr", "en")))


def _value(value: Any, lang: Lang) -> str:
    if type(value) is str:  # the common case first; a StrEnum is not exactly str
        return value
    if isinstance(value, bool | Enum):  # before str: a StrEnum value is worded by its label
        return label(value, lang)
    if isinstance(value, str):
        return value
    if isinstance(value, Msg):
        return render(value, lang)
    if isinstance(value, T):
        return value(lang)
    if isinstance(value, Label):
        for group in value.groups:
            try:
                text = label(value.value, lang, group)
            except KeyError:
                continue
            return text[0].lower() + text[1:] if value.lower else text
        return value.value
    if isinstance(value, int | float):
        return number(value, lang)
    if isinstance(value, tuple | list):
        return ", ".join(_value(item, lang) for item in value)
    raise TypeError(f"cannot word {value!r}")


def answers_text(text: str, written_in: str | None) -> T:
    """A free text of the answers inside a scoring sentence: as written in its own language, quoted in the
    other one, as the document quotes the answers it does not translate (unquoted when the file states no
    language, as the document then does)."""
    fr = text if written_in in (None, "fr") else f"« {text} »"
    en = text if written_in in (None, "en") else f"“{text}”"
    return T(fr, en)


def render(words: Words | None, lang: Lang) -> str:
    """The text of a message, a bilingual text, a label or a plain string, in `lang`."""
    if words is None:
        return ""
    if type(words) is not Msg:
        return _value(words, lang)
    template = MESSAGES[words.key](lang)
    return template.format(**{name: _value(value, lang) for name, value in words.params.items()})


# --------------------------------------------------------------------------------------------------
# The templates. Keys are grouped by the part of the scoring that uses them.

MESSAGES: dict[str, T] = {
    # Reasons ---------------------------------------------------------------------------------------
    "reason": T("{title} : {facts}", "{title}: {facts}"),
    "sentence": T("{text} ({rule} : {effect}).", "{text} ({rule}: {effect})."),
    "residual": T("résiduel : {effect}", "residual: {effect}"),
    "member_fact": T("{member} : {fact}", "{member}: {fact}"),
    # Effects ---------------------------------------------------------------------------------------
    "severity": T("gravité {value}", "severity {value}"),
    "severity_up": T("gravité +1 → {value}", "severity +1 → {value}"),
    "severity_max": T("gravité maximale → {value}", "maximum severity → {value}"),
    "severity_down": T("gravité -1 → {value}", "severity -1 → {value}"),
    "likelihood": T("vraisemblance {value}", "likelihood {value}"),
    "points_step": T("-{steps} → vraisemblance {value}", "-{steps} → likelihood {value}"),
    "floor_likelihood": T("plancher → vraisemblance {value}", "floor → likelihood {value}"),
    "floor": T("plancher → {value}", "floor → {value}"),
    "no_go": T("→ 4, configuration à proscrire", "→ 4, no-go"),
    "j0_likelihood": T("J0 → vraisemblance 1", "J0 → likelihood 1"),
    "level": T("niveau {value}", "level {value}"),
    "matrix": T("gravité {severity}, vraisemblance {likelihood}", "severity {severity}, likelihood {likelihood}"),
    # Feared events ---------------------------------------------------------------------------------
    "worst_category": T(
        "pour cet événement : {category} ({value})",
        "worst category for this event: {category} ({value})",
    ),
    "declared": T("déclaré dans les réponses", "declared in the answers"),
    "pseudonymised_apart": T(
        "aucun identifiant direct ; secret de réidentification conservé à part dans l'EEE",
        "no direct identifier; secret kept apart in the EEA",
    ),
    "networked": T("service en réseau", "networked service"),
    "not_networked": T(
        "ni prestataire, ni logiciel, ni réseau parmi les supports", "no provider, software or network asset"
    ),
    "months": T("{count} mois", "{count} months"),
    "points": T("{count} points", "{count} points"),
    "no_backups": T("aucune sauvegarde prise en compte", "no backups counted"),
    "lacking": T("pas en place : {measures}", "not in place: {measures}"),
    "restore_tested_backups": T("sauvegardes dont la restauration est testée", "backups whose restores are tested"),
    # Extraterritorial access -----------------------------------------------------------------------
    "exposure": T("{member} ({where})", "{member} ({where})"),
    "entity": T("entité {country}", "entity {country}"),
    "parent": T("société mère {country}", "parent {country}"),
    "data_reached_from": T("données accessibles depuis {countries}", "data reached from {countries}"),
    "stigmatising_nir": T(
        "condition stigmatisante liée au numéro de sécurité sociale", "stigmatising condition linked to the NIR"
    ),
    "stigmatising_scale": T("condition stigmatisante à grande échelle", "stigmatising condition at large scale"),
    "unstated_least_favourable": T(
        "{fact} (réponse absente : la valeur la moins favorable est retenue)",
        "{fact} (not answered: the least favourable value is taken)",
    ),
    "endangering_unstated": T(
        "réponse absente : une divulgation dangereuse pour les personnes est retenue, la valeur la moins favorable",
        "not answered: a disclosure that endangers the persons is taken, the least favourable value",
    ),
    "practice_not_stated": T(
        "mode d'exercice non indiqué : la dispense exige un exercice individuel",
        "practice not stated: the exemption needs an individual practice",
    ),
    "practice_not_individual": T(
        "exercice {practice} : la dispense ne vise que le professionnel exerçant à titre individuel",
        "{practice} practice: the exemption covers only a professional practising individually",
    ),
    "licensor_reach": T(
        "{member} : technologie de {licensor}, qui peut atteindre le service en fonctionnement depuis {countries}",
        "{member}: technology of {licensor}, which can reach the running service from {countries}",
    ),
    "licensor_updates": T(
        "{member} : mises à jour de {licensor} ({countries}) validées par l'opérateur qualifié avant déploiement",
        "{member}: updates from {licensor} ({countries}) validated by the qualified operator before deployment",
    ),
    "accounts": T("{count} personnes ont un compte ou un rendez-vous", "{count} persons have an account or a booking"),
    "non_eu_affiliates": T("filiales hors de l'UE", "affiliates outside the EU"),
    "controlling_affiliates": T(
        "contrôlé par une société du groupe hors de l'UE ({countries})",
        "controlled by a group company outside the EU ({countries})",
    ),
    "unrelated_affiliates": T(
        "filiales hors de l'UE sans contrôle ni accès au service (sans effet)",
        "affiliates outside the EU with neither control nor access to the service (no effect)",
    ),
    "admin_abroad": T(
        "{member} : données en clair sur des machines administrées ou accessibles depuis {countries}",
        "{member}: clear data on machines administered or reached from {countries}",
    ),
    "secnumcloud_qualified": T("qualifié SecNumCloud", "SecNumCloud-qualified"),
    "t_controller": T("le responsable du traitement", "the controller"),
    "t_holds_nothing": T("ne stocke rien et ne traite rien en clair", "stores nothing and processes nothing in clear"),
    "t_no_encryption": T("aucun chiffrement des données stockées", "no encryption of stored data"),
    "t_provider_keys": T("clés gérées par le prestataire", "provider-managed keys"),
    "t_customer_kms": T("clé du client dans son service de gestion des clés", "customer key in its key service"),
    "holder_unnamed": T("non nommé", "not named"),
    # What is not checked for them: whether they may be engaged, their contract and their exposure. The Art. 28
    # row covers only the providers the answers name, so this is the one place that says it.
    "unidentified": T(
        "sous-traitants non identifiés ({items}) : l'autorisation de leur recours (art. 28(2)), leur contrat"
        " (art. 28(4)) et leur exposition au droit d'un pays tiers ne sont pas vérifiés",
        "sub-processors not identified ({items}): the authorisation to engage them (Art. 28(2)), their contract"
        " (Art. 28(4)) and their exposure to a third country's law are not checked",
    ),
    "unidentified_of": T(
        "sous-traitants de {of} non identifiés ({items}) : l'autorisation de leur recours (art. 28(2)), leur contrat"
        " (art. 28(4)) et leur exposition au droit d'un pays tiers ne sont pas vérifiés",
        "sub-processors of {of} not identified ({items}): the authorisation to engage them (Art. 28(2)), their"
        " contract (Art. 28(4)) and their exposure to a third country's law are not checked",
    ),
    "t_holds_keys": T("détient lui-même les clés", "holds the keys itself"),
    "t_holder_exposed": T("détenteur des clés {holder} ({country}) exposé", "key holder {holder} ({country}) exposed"),
    "t_client_side_clear": T(
        "clés côté client, mais données en clair sur ses machines",
        "client-side keys, but data in clear on its machines",
    ),
    "t_client_side": T("chiffrement côté client", "client-side encryption"),
    "t_holder_clear": T(
        "détenteur des clés {holder} ({country}) ; données en clair sur ses machines",
        "key holder {holder} ({country}); data in clear on its machines",
    ),
    "t_holder_no_clear": T(
        "détenteur des clés {holder} ({country}) ; aucun traitement en clair",
        "key holder {holder} ({country}); no processing in clear",
    ),
    "t_pseudonymised": T(
        "données pseudonymisées, secret conservé à part dans l'EEE", "pseudonymised data, secret kept apart in the EEA"
    ),
    "interest_persons": T("personnes présentant un intérêt particulier", "persons of particular interest"),
    "interest_health": T("données de santé de {count} personnes", "health data on {count} persons"),
    "window": T("données conservées {months} mois", "data kept {months} months"),
    "evidence_secnumcloud": T("qualification SecNumCloud", "SecNumCloud qualification"),
    "evidence_transparency": T(
        "rapport de transparence détaillé et clause de contestation",
        "granular transparency report and challenge clause",
    ),
    "net": T("ajustement net {value}", "net {value}"),
    "recorded_hds": T("certification {version}", "{version}"),
    "recorded_no_transfer": T("clause d'interdiction des transferts", "no-transfer clause"),
    "recorded_challenge_only": T(
        "clause de contestation sans rapport de transparence détaillé",
        "challenge clause without granular transparency report",
    ),
    "chain": T("maillons : {count} ; le plus exposé : {worst} ({value})", "{count} members; worst: {worst} ({value})"),
    "none_exposed": T("aucun exposé", "none exposed"),
    "art9_not_stated": T("exception non renseignée", "condition not stated"),
    "providers_unknown": T(
        "les prestataires ne sont pas renseignés (ni leur liste, ni l'absence de prestataire)",
        "the providers are not stated (neither who they are nor that there are none)",
    ),
    "cross_check": T(
        "p = 1 − {terms} = {p} par an ({once}) ; T = min({months} mois, {horizon} ans) = {years} ans ; "
        "P = 1 − (1 − p)^T = {probability}",
        "p = 1 − {terms} = {p} a year ({once}); T = min({months} months, {horizon} years) = {years} years; "
        "P = 1 − (1 − p)^T = {probability}",
    ),
    "once_in": T("de l'ordre d'une fois tous les {years} ans", "in the order of once in {years} years"),
    "order": T("de l'ordre de {value}", "in the order of {value}"),
    "never": T("jamais", "never"),
    # Recommendations -------------------------------------------------------------------------------
    "rec_encrypt": T(
        "chiffrer les données stockées, clés détenues par le responsable du traitement en {country}",
        "encrypt stored data, keys held by the controller in {country}",
    ),
    "rec_move_keys": T(
        "confier les clés de chiffrement à un détenteur extérieur au prestataire, en {country}",
        "move the encryption keys to an external holder in {country}",
    ),
    "rec_tls": T("chiffrer chaque flux réseau (TLS)", "encrypt every network path (TLS)"),
    "rec_pseudonymise": T(
        "pseudonymiser, secret de réidentification conservé par le responsable du traitement en {country}",
        "pseudonymise, re-identification secret kept by the controller in {country}",
    ),
    "rec_access_control": T(
        "contrôler les accès logiques, avec une authentification multifacteur",
        "control logical access, with multi-factor authentication",
    ),
    "rec_mfa": T("ajouter une authentification multifacteur", "add multi-factor authentication"),
    "rec_backups": T("sauvegarder les données et tester les restaurations", "back up the data and test restores"),
    "rec_restore_tests": T("tester régulièrement les restaurations", "test restores regularly"),
    "rec_measure": T("mettre la mesure en place", "put the measure in place"),
    # Gates -----------------------------------------------------------------------------------------
    "hds_not_french_health": T(
        "aucune donnée de santé hébergée pour un responsable du traitement établi en France",
        "no health data hosted for a French controller",
    ),
    "hds_no_host": T("aucun prestataire n'héberge les données", "no provider hosts the data"),
    "hds_providers_unknown": T(
        "les prestataires ne sont pas renseignés : on ne peut pas vérifier que l'hébergeur des données de santé "
        "est certifié HDS",
        "the providers are not stated: whether the health data's host is HDS-certified cannot be checked",
    ),
    "secnumcloud_providers_unknown": T(
        "les prestataires ne sont pas renseignés : on ne peut pas vérifier qu'aucun n'est exposé à un droit "
        "étranger sans qualification SecNumCloud",
        "the providers are not stated: it cannot be checked that none is exposed to a foreign law without "
        "SecNumCloud qualification",
    ),
    "hds_none": T(
        "{name} : héberge des données de santé sans certification HDS",
        "{name}: hosts health data without HDS certification",
    ),
    "hds_v1_expired": T(
        "{name} : certificat HDS 2018 au-delà de la date de migration du {date}",
        "{name}: HDS 2018 certificate past the {date} migration date",
    ),
    "hds_certified": T("{name} : certifié ({version})", "{name}: certified ({version})"),
    "hds_v2_too_early": T(
        "{name} : certificat HDS v2 déclaré, référentiel en vigueur seulement à compter du {date}",
        "{name}: HDS v2 certificate stated, a scheme in force only from {date}",
    ),
    "exi28_outside": T("{name} : données stockées en {countries}", "{name}: data stored in {countries}"),
    "exi28_eea": T("{name} : stockage et sauvegardes dans l'EEE", "{name}: storage and backups in the EEA"),
    "exi30_lists": T("{name} : liste les lois des pays tiers concernés ({laws})", "{name}: lists the laws of {laws}"),
    "exi30_no_risk": T(
        "{name} : déclare l'absence de risque alors qu'il est exposé au droit d'un pays tiers ({laws}) sans SecNumCloud",
        "{name}: states no risk while exposed to {laws} without SecNumCloud",
    ),
    "exi30_unpublished": T(
        "{name} : exposé au droit d'un pays tiers ({laws}) ; aucune déclaration publiée",
        "{name}: exposed to {laws}; no published statement",
    ),
    "secnumcloud_exposed": T("exposés sans SecNumCloud : {names}", "exposed without SecNumCloud: {names}"),
    "secnumcloud_not_covered": T(
        "le responsable du traitement n'est ni une administration de l'État, ni un opérateur de l'État",
        "the controller is neither a State administration nor a State operator",
    ),
    "secnumcloud_unknown_body": T(
        "exposés sans SecNumCloud : {names} ; dire si le responsable du traitement est une administration ou un "
        "opérateur de l'État (processing.controller.state_body)",
        "exposed without SecNumCloud: {names}; say whether the controller is a State administration or operator "
        "(processing.controller.state_body)",
    ),
    "secnumcloud_ok": T(
        "aucun prestataire exposé à un droit étranger sans SecNumCloud",
        "no provider exposed to a foreign law without SecNumCloud",
    ),
    "transfer": T("{name} → {country} : {why}", "{name} → {country}: {why}"),
    "transfer_undeclared": T("transfert non déclaré", "transfer not declared"),
    "transfer_no_tool": T("aucun instrument du chapitre V", "no Chapter V tool"),
    "transfer_no_adequacy": T("aucune décision d'adéquation pour {country}", "no adequacy decision for {country}"),
    "transfer_no_go": T(
        "{country} : droit sans garanties essentielles, déclaré rédhibitoire par cette analyse",
        "{country}: a law without essential guarantees, declared a no-go by this assessment",
    ),
    "transfer_dpf_not_us": T(
        "le cadre de protection des données UE–États-Unis ne couvre que les États-Unis",
        "the Data Privacy Framework covers only the United States",
    ),
    "transfer_dpf": T(
        "cadre de protection des données UE–États-Unis : vérifier la certification du destinataire",
        "Data Privacy Framework: check the recipient's certification",
    ),
    "transfer_with_tia": T(
        "{tool}, avec une analyse d'impact des transferts", "{tool} with a transfer impact assessment"
    ),
    "transfer_without_tia": T(
        "{tool}, sans analyse d'impact des transferts", "{tool} without a transfer impact assessment"
    ),
    "transfer_derogation": T(
        "dérogation de l'art. 49 : transferts occasionnels seulement", "Art. 49 derogation: occasional transfers only"
    ),
    "art28_missing": T("aucun contrat conforme à l'art. 28 : {names}", "no Art. 28 contract: {names}"),
    # The Art. 28 row says what the answers establish for the providers they name: the contracts. The
    # controller's authorisation for a processor to engage a sub-processor (Art. 28(2)) is not an answer.
    "art28_ok": T(
        "un contrat conforme à l'art. 28 est en place pour {names}",
        "an Art. 28 contract is in place for {names}",
    ),
    "art28_authorisation": T(
        "un contrat conforme à l'art. 28 est en place pour {names} ; l'autorisation écrite préalable du responsable"
        " du traitement (art. 28(2)) au recours {engagements} est à établir",
        "an Art. 28 contract is in place for {names}; the controller's prior written authorisation (Art. 28(2))"
        " {engagements} is to be established",
    ),
    "art28_engages": T("de {processor} à {subs}", "for {processor} to engage {subs}"),
    "list_one": T("{item}", "{item}"),
    "list_and": T("{items} et {last}", "{items} and {last}"),
    "encryption_none": T(
        "aucun chiffrement des données stockées, ni en place ni prévu",
        "no encryption of stored data, implemented or planned",
    ),
    "encryption_planned": T(
        "le chiffrement des données stockées est seulement prévu", "encryption of stored data is only planned"
    ),
    "encryption_ok": T(
        "chiffrement des données stockées : en place ({keys})", "encryption of stored data: implemented ({keys})"
    ),
    "encryption_in_clear": T(
        "chiffrement des données stockées : en place au repos ({keys}) ; {names} traite toutefois les données en"
        " clair sur ses machines, où le "
        "chiffrement ne les protège pas d'une demande d'une autorité d'un pays tiers",
        "encryption of stored data: implemented at rest ({keys}); {names} nevertheless processes the data in clear"
        " on its machines, where "
        "encryption does not protect them from a request by a third country's authority",
    ),
    "key_holder_unnamed": T(
        "détenteur externe des clés non nommé : son indépendance à l'égard de la chaîne et de tout droit d'un pays "
        "tiers ne peut être vérifiée",
        "external key holder not named: its independence from the chain and from any third country's law cannot "
        "be checked",
    ),
    "encryption_undescribed": T(
        "chiffrement des données stockées déclaré en place sans description : il ne compte pas tant qu'il n'est pas"
        " décrit",
        "encryption of stored data stated as implemented without a description: it does not count until it is"
        " described",
    ),
    "law_unassessed": T(
        "{name} : droit de {country} absent du registre", "{name}: law of {country} not in the registry"
    ),
    # Screening -------------------------------------------------------------------------------------
    "yes": T("oui", "yes"),
    "no": T("non", "no"),
    "scale": T("{count} personnes, étendue {scope}", "{count} persons, {scope} scope"),
    "evaluation_and_decisions": T(
        "évaluation et décisions automatisées déclarées", "evaluation and automated decisions declared"
    ),
    "no_evaluation_and_decisions": T(
        "aucune évaluation automatisée fondant des décisions déclarée",
        "no automated evaluation with decisions declared",
    ),
    "special_large": T(
        "catégories particulières : {special} ({categories} ; art. 9(2) : {art9}) ; grande échelle : {large} ({scale})",
        "special categories: {special} ({categories}; Art. 9(2): {art9}); large scale: {large} ({scale})",
    ),
    "monitoring_large": T(
        "surveillance systématique : {monitoring} ; grande échelle : {large}",
        "systematic monitoring: {monitoring}; large scale: {large}",
    ),
    "criterion_declared": T("déclaré", "declared"),
    "criterion_not_declared": T("non déclaré", "not declared"),
    "sensitive_data": T("données concernées : {categories}", "data concerned: {categories}"),
    "sensitive_by_art9": T(
        "catégories particulières de données, selon l'exception déclarée (art. 9(2) : {art9})",
        "special categories of data, by the condition stated (Art. 9(2): {art9})",
    ),
    "no_sensitive_data": T(
        "ni catégorie particulière ni donnée à caractère hautement personnel (données : {categories})",
        "neither special categories nor data of a highly personal nature (data: {categories})",
    ),
    "vulnerable": T("personnes vulnérables : {groups}", "vulnerable persons: {groups}"),
    "none_declared": T("aucune déclarée", "none declared"),
    "criteria_met": T("critères remplis : {count}", "criteria met: {count}"),
    "criteria_met_list": T("critères remplis : {count} ({ids})", "criteria met: {count} ({ids})"),
    "controller_types": T("types de responsable du traitement : {types}", "controller types: {types}"),
    "employees_evaluated": T("salariés évalués", "employees evaluated"),
    "no_employee_evaluation": T("aucune évaluation de salariés", "no evaluation of employees"),
    "employees_monitored": T("salariés surveillés", "employees monitored"),
    "no_employee_monitoring": T("aucune surveillance de salariés", "no monitoring of employees"),
    "location_data": T("données de localisation : {present} ; {scale}", "location data: {present}; {scale}"),
    "association_ok": T("association traitant des données non sensibles", "association with non-sensitive data"),
    "association_no": T(
        "pas une association gérant des données non sensibles", "not an association managing non-sensitive data"
    ),
    "individual_ok": T("praticien exerçant seul, pas à grande échelle", "individual practitioner, not large scale"),
    "individual_no": T(
        "pas le traitement propre d'un praticien exerçant seul", "not a single practitioner's own processing"
    ),
    "not_in_force": T(
        "pas encore en vigueur à la date retenue (applicable à partir du {date})",
        "not yet in force on the as-of date (applies from {date})",
    ),
    "summary_exempt": T("Dispense : {criteria}", "Exempt: {criteria}"),
    "summary_required": T("AIPD requise : {ids}", "DPIA required: {ids}"),
    "summary_not_required": T(
        "Aucune AIPD exigée par les listes ; critères WP248 remplis : {count}",
        "No DPIA required by the lists; WP248 criteria met: {count}",
    ),
    "summary_document_why": T(
        "Aucune AIPD exigée par les listes ; critères WP248 remplis : {count} (documenter pourquoi aucune AIPD "
        "n'est réalisée, avec l'avis du DPO)",
        "No DPIA required by the lists; WP248 criteria met: {count} (document why no DPIA is carried out, "
        "with the DPO's view)",
    ),
}


# --------------------------------------------------------------------------------------------------
# Impacts, threats and risk sources of each risk, as the CNIL method asks (keyed by RiskId value).

_SOURCES_COMMON = (
    T(
        "Sources humaines internes : personnels négligents ou malveillants du responsable du traitement, "
        "des centres ou des prestataires",
        "Internal human sources: negligent or rogue staff of the controller, the centres or the providers",
    ),
    T(
        "Sources humaines externes : attaquants, fraudeurs, proches, tiers disposant d'un accès légitime "
        "qui en font un mauvais usage",
        "External human sources: attackers, fraudsters, relatives, third parties with legitimate access who misuse it",
    ),
)

# Generic on purpose: what the data reveal differs by processing, and the document names it when the
# answer file says (DataItem.reveals), as the report does for this impact.
HEALTH_DISCLOSURE = T(
    "Divulgation à des proches, des employeurs ou des assureurs de ce que les données révèlent de la santé "
    "des personnes",
    "Disclosure to relatives, employers or insurers of what the data reveal about the persons' health",
)

IMPACTS: dict[str, tuple[T, ...]] = {
    "illegitimate_access": (
        T(
            "Hameçonnage ciblé ou fraude à partir des coordonnées et des rendez-vous",
            "Targeted phishing or fraud using the contact and appointment details",
        ),
        HEALTH_DISCLOSURE,
        T(
            "Perte de confiance dans la campagne de vaccination ou dans le système de soins",
            "Loss of trust in the vaccination campaign or the care system",
        ),
    ),
    "unwanted_modification": (
        T(
            "Rendez-vous manqués, déplacés ou annulés, retardant les soins",
            "Missed, moved or cancelled appointments, delaying care",
        ),
        T(
            "Soins prodigués sur la base de données erronées ou altérées (contre-indications ignorées)",
            "Care given on wrong or altered data (disregard of contraindications)",
        ),
        T("Messages envoyés à la mauvaise personne", "Messages sent to the wrong person"),
    ),
    "disappearance": (
        T(
            "Rendez-vous perdus : personnes non vaccinées ou non soignées à temps",
            "Appointments lost: persons not vaccinated or cared for in time",
        ),
        T("Démarches à refaire pour réserver de nouveau", "Having to book again"),
        T("Perte de l'historique nécessaire au suivi des soins", "Loss of the history needed for follow-up care"),
    ),
    "extraterritorial_access": (
        T(
            "Données relatives à la santé remises à une autorité étrangère à l'insu des personnes et sans recours "
            "dans l'UE",
            "Health-related data handed to a foreign authority without the persons' knowledge or any remedy in the EU",
        ),
        T(
            "Perte de maîtrise de données exploitées à l'étranger à des fins de renseignement ou répressives",
            "Loss of control over data used for intelligence or law-enforcement purposes abroad",
        ),
        T(
            "Effet dissuasif sur le recours au service de soins ou de vaccination",
            "Chilling effect on the use of the care or vaccination service",
        ),
    ),
}

# The data categories that make an impact plausible; an impact not listed here can follow from any data.
# A booking system without medical data cannot make care go wrong on altered medical data.
_HEALTH = frozenset({"health", "medical_documents"})
_CARE = _HEALTH | {"appointment", "eligibility"}
_IMPACT_NEEDS: dict[str, frozenset[str]] = {
    "Targeted phishing or fraud using the contact and appointment details": frozenset({"contact"}),
    HEALTH_DISCLOSURE.en: _CARE,
    "Care given on wrong or altered data (disregard of contraindications)": _HEALTH,
    "Messages sent to the wrong person": frozenset({"contact"}),
    "Loss of the history needed for follow-up care": _HEALTH,
    "Missed, moved or cancelled appointments, delaying care": frozenset({"appointment"}),
    "Appointments lost: persons not vaccinated or cared for in time": frozenset({"appointment"}),
}


def impacts(risk: str, categories: frozenset[str]) -> list[T]:
    """The impacts the data actually processed can cause."""
    return [text for text in IMPACTS[risk] if text.en not in _IMPACT_NEEDS or _IMPACT_NEEDS[text.en] & categories]


THREATS: dict[str, tuple[T, ...]] = {
    "illegitimate_access": (
        T(
            "Vol d'identifiants ou d'un compte administrateur",
            "Theft of credentials or of an administrator account",
        ),
        T("Exploitation d'une vulnérabilité de l'application web", "Exploitation of a web application vulnerability"),
        T("Consultation excessive par des personnels habilités", "Excessive consultation by authorised staff"),
        T(
            "Copie de sauvegardes ou de bases de données par le personnel d'un prestataire",
            "Copy of backups or databases by a provider's personnel",
        ),
    ),
    "unwanted_modification": (
        T(
            "Modification non autorisée au moyen d'un compte compromis",
            "Unauthorised change through a compromised account",
        ),
        T("Erreur logicielle ou mise à jour défectueuse", "Software error or faulty update"),
        T(
            "Altération malveillante de la base de données ou des messages en transit",
            "Malicious alteration of the database or of messages in transit",
        ),
    ),
    "disappearance": (
        T("Rançongiciel ou suppression par un attaquant", "Ransomware or deletion by an attacker"),
        T(
            "Panne matérielle, incendie ou inondation dans un centre de données",
            "Hardware failure, fire or flood at a data centre",
        ),
        T(
            "Défaillance d'un prestataire ou fin de contrat sans réversibilité",
            "Provider failure or end of contract without reversibility",
        ),
        T("Suppression accidentelle par le personnel", "Accidental deletion by staff"),
    ),
    "extraterritorial_access": (
        T(
            "Communication imposée à un prestataire ou à sa société mère (mandat, ordonnance de production, "
            "injonction FISA §702)",
            "Compelled disclosure by a provider or its parent (warrant, production order, FISA §702 directive)",
        ),
        T(
            "Accès à distance depuis un pays tiers par les administrateurs ou le support d'un prestataire",
            "Remote access from a third country by a provider's administrators or support",
        ),
        T("Collecte de données en transit", "Collection of data in transit"),
    ),
}

SOURCES: dict[str, tuple[T, ...]] = {
    "illegitimate_access": _SOURCES_COMMON,
    "unwanted_modification": _SOURCES_COMMON,
    "disappearance": (
        *_SOURCES_COMMON,
        T(
            "Sources non humaines : coupures de courant, incendie, dégât des eaux, catastrophes naturelles",
            "Non-human sources: power cuts, fire, water damage, natural disasters",
        ),
    ),
    "extraterritorial_access": (
        T(
            "Autorités publiques de pays tiers (services répressifs, services de renseignement)",
            "Third-country public authorities (law enforcement, intelligence services)",
        ),
        T(
            "Prestataires et sociétés mères soumis au droit d'un pays tiers",
            "Providers and parent companies subject to third-country law",
        ),
    ),
}
