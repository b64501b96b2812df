"""Which answers a DPIA still needs before it can be signed: the list that makes a document a draft.

`missing(assessment)` is pure and reads only the model. Each entry names the answer-file field
(`data[0].need`) and says in French and English what is missing, so the document can list it at the
front and the reader can fix the answer file. An empty list means the document can be final.

An answer counts as given when the file states it, even to say "none": `providers: []` means the
processing is run in-house, while no `providers` key at all means nobody said who runs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from dpia.model import Art6Basis, Art9Condition, Assessment, DataCategory, Decision, DpoVerdict, KeyManagement
from dpia.scoring.facts import reveals_health, unstated_stigmatising


def needs_art9(assessment: Assessment) -> bool:
    """Whether the declared data reveal health, as the scoring rates them (health data proper, and
    appointments or eligibility that reveal the care sought), so that Art. 9(1) forbids them unless an
    Art. 9(2) condition applies."""
    return any(reveals_health(item.category) for item in assessment.data)


@dataclass(frozen=True)
class Missing:
    """One answer the document needs and the file does not give."""

    path: str
    fr: str
    en: str
    category: DataCategory | None = None  # the data item it is about, for the reader to find it

    def text(self, lang: Literal["fr", "en"]) -> str:
        return self.fr if lang == "fr" else self.en


def missing(assessment: Assessment) -> list[Missing]:
    """Every answer the document needs that the file leaves out, in the order the document uses them."""
    found: list[Missing] = []

    def need(condition: bool, path: str, fr: str, en: str, category: DataCategory | None = None) -> None:
        if condition:
            found.append(Missing(path, fr, en, category))

    processing = assessment.processing
    need(assessment.author is None, "author", "l'auteur de l'analyse", "the author of the assessment")
    need(assessment.date is None, "date", "la date de l'analyse", "the date of the assessment")
    need(
        processing.controller.contact is None,
        "processing.controller.contact",
        "les coordonnées du responsable du traitement",
        "the controller's contact details",
    )
    need(processing.dpo is None, "processing.dpo", "le délégué à la protection des données", "the DPO")
    need(
        processing.dpo is not None and processing.dpo.email is None,
        "processing.dpo.email",
        "le courriel du délégué à la protection des données",
        "the DPO's e-mail",
    )
    need(processing.lifecycle is None, "processing.lifecycle", "le cycle de vie des données", "the data life cycle")
    need(
        processing.alternatives is None,
        "processing.alternatives",
        "les solutions moins intrusives envisagées et les raisons de les écarter",
        "the less intrusive alternatives considered and why they were set aside",
    )
    need(
        "providers" not in assessment.model_fields_set,
        "providers",
        "les sous-traitants (ou « providers: [] » si le traitement est entièrement interne)",
        "the processors (or 'providers: []' if the processing is run entirely in-house)",
    )
    need(
        not assessment.supporting_assets,
        "supporting_assets",
        "les supports des données (matériels, logiciels, réseaux, personnes, papier)",
        "the supporting assets (hardware, software, networks, people, paper)",
    )

    basis = assessment.legal_basis
    need(
        basis.art6_detail is None,
        "legal_basis.art6_detail",
        "le texte qui fonde la base légale (art. 6(3))",
        "the legal text behind the lawful basis (Art. 6(3))",
    )
    need(
        needs_art9(assessment) and basis.art9 is Art9Condition.not_applicable,
        "legal_basis.art9",
        "l'exception de l'art. 9(2) qui permet de traiter les données déclarées, qui révèlent la santé des personnes",
        "the Art. 9(2) condition that allows the declared data, which reveal the persons' health, to be processed",
    )
    need(
        basis.art9 is not Art9Condition.not_applicable and basis.art9_detail is None,
        "legal_basis.art9_detail",
        "le texte qui fonde l'exception de l'art. 9(2)",
        "the legal text behind the Art. 9(2) condition",
    )

    for index, item in enumerate(assessment.data):
        prefix, category = f"data[{index}]", item.category
        need(
            item.description is None,
            f"{prefix}.description",
            "le détail de ces données",
            "which data exactly",
            category,
        )
        need(
            item.need is None,
            f"{prefix}.need",
            "pourquoi ces données sont nécessaires",
            "why these data are needed",
            category,
        )
        need(
            item.retention_note is None,
            f"{prefix}.retention_note",
            "le point de départ de leur conservation et leur suppression",
            "what starts their retention and how they are deleted",
            category,
        )
        need(
            item.retention_reason is None,
            f"{prefix}.retention_reason",
            "pourquoi elles sont conservées aussi longtemps",
            "why they are kept that long",
            category,
        )
        need(
            unstated_stigmatising(item),
            f"{prefix}.stigmatising",
            "si ces données révèlent une affection ou des soins stigmatisants (psychiatrie, VIH, addiction, fertilité, "
            "santé sexuelle) ; sans réponse, elles sont traitées comme telles",
            "whether these data reveal a stigmatising condition or care (psychiatry, HIV, addiction, fertility, "
            "sexual health); unanswered, they are treated as such",
            category,
        )

    need(
        assessment.data_subjects.disclosure_endangers is None,
        "data_subjects.disclosure_endangers",
        "si la divulgation des données peut mettre des personnes en danger (victimes de violences, personnes cachées "
        "ou protégées) ; sans réponse, elle est traitée comme telle",
        "whether disclosing the data could endanger persons (victims of violence, persons in hiding or under "
        "protection); unanswered, it is treated as such",
    )

    present = assessment.measures.present()
    need(not present, "measures", "les mesures de sécurité", "the security measures")
    for name, measure in present.items():
        need(
            measure.description is None,
            f"measures.{name}.description",
            f"la mise en œuvre de la mesure « {name} »",
            f"how the measure '{name}' is carried out",
        )

    rights = assessment.rights
    for field, fr, en in (
        ("information_detail", "le contenu et l'emplacement de l'information des personnes", "where the notice is and what it says"),
        ("access_portability", "l'exercice des droits d'accès et à la portabilité", "how access and portability are handled"),
        ("rectification_erasure", "l'exercice des droits de rectification et d'effacement", "how rectification and erasure are handled"),
        ("restriction_objection", "l'exercice des droits à la limitation et d'opposition", "how restriction and objection are handled"),
    ):  # fmt: skip
        need(getattr(rights, field) is None, f"rights.{field}", fr, en)
    consent_based = basis.art6 is Art6Basis.consent or basis.art9 is Art9Condition.explicit_consent
    need(
        consent_based and rights.consent is None,
        "rights.consent",
        "le recueil et le retrait du consentement",
        "how consent is obtained and withdrawn",
    )
    for index, transfer in enumerate(assessment.transfers):
        need(
            transfer.description is None,
            f"transfers[{index}].description",
            f"les données transférées à {transfer.recipient} et pourquoi",
            f"which data go to {transfer.recipient} and why",
        )

    opinion = assessment.dpo_opinion
    need(opinion is None, "dpo_opinion", "l'avis du délégué à la protection des données", "the DPO's opinion")
    if opinion is not None:
        need(
            opinion.verdict is DpoVerdict.pending,
            "dpo_opinion.verdict",
            "la conclusion du délégué (son avis est en attente)",
            "the DPO's conclusion (the opinion is pending)",
        )
        need(opinion.text is None, "dpo_opinion.text", "le texte de l'avis du délégué", "the text of the DPO's opinion")
        need(opinion.date is None, "dpo_opinion.date", "la date de l'avis du délégué", "the date of the DPO's opinion")

    views = assessment.subjects_views
    need(
        views is None,
        "subjects_views",
        "l'avis des personnes concernées, ou la raison de ne pas l'avoir recherché",
        "the data subjects' views, or why they were not sought",
    )
    if views is not None and views.sought:
        need(
            views.who is None,
            "subjects_views.who",
            "auprès de qui leur avis a été recherché",
            "whose views were sought",
        )
        need(views.views is None, "subjects_views.views", "l'avis des personnes concernées", "the data subjects' views")
        # Their conclusion is what the CNIL PIA software's validation page records (could / should not be
        # implemented); without it the imported PIA cannot be validated there.
        need(
            views.favourable is None,
            "subjects_views.favourable",
            "la conclusion des personnes concernées (le traitement pourrait ou non être mis en œuvre)",
            "the data subjects' conclusion (the processing could or should not be implemented)",
        )
        need(
            views.followed is None,
            "subjects_views.followed",
            "si l'avis des personnes concernées a été suivi",
            "whether the data subjects' views were followed",
        )

    validation = assessment.validation
    need(
        validation is None,
        "validation",
        "la décision du responsable du traitement sur l'analyse",
        "the controller's decision on the assessment",
    )
    if validation is not None:
        need(
            validation.decision is Decision.approved_with_conditions and validation.conditions is None,
            "validation.conditions",
            "les conditions de la validation",
            "the conditions of the approval",
        )
        need(
            validation.decided_by is None,
            "validation.decided_by",
            "qui décide (nom, fonction)",
            "who decides (name, position)",
        )
        need(validation.date is None, "validation.date", "la date de la décision", "the date of the decision")
        need(
            opinion is not None and validation.dpo_opinion_followed is None,
            "validation.dpo_opinion_followed",
            "si l'avis du délégué a été suivi",
            "whether the DPO's opinion was followed",
        )
        need(
            validation.dpo_opinion_followed is False and validation.departure_reason is None,
            "validation.departure_reason",
            "pourquoi l'avis du délégué n'a pas été suivi",
            "why the DPO's opinion was not followed",
        )
        need(
            validation.review_date is None,
            "validation.review_date",
            "la date de réexamen de l'analyse (art. 35(11))",
            "the date the assessment will be reviewed (Art. 35(11))",
        )
    if found:
        found += unstated_defaults(assessment)
    return found


def undecided_actions(assessment: Assessment, proposed: Sequence[tuple[str, str]]) -> list[Missing]:
    """The proposed actions (key, title in the document's language) the controller has not decided on, and the
    decisions that lack what makes them checkable: an owner and a due date, or the reason for setting
    the action aside. The analysis proposes them, so the caller that ran it passes them in."""
    found: list[Missing] = []
    validation = assessment.validation
    decisions = {decision.action: decision for decision in validation.actions} if validation else {}
    for key, title in proposed:
        fr = en = title
        decision = decisions.get(key)
        if decision is None:
            found.append(
                Missing(
                    "validation.actions",
                    f"la décision sur l'action proposée « {fr} » (action: {key!r}) : retenue, avec porteur et "
                    "échéance, ou écartée, avec son motif",
                    f"the decision on the proposed action “{en}” (action: {key!r}): retained, with owner and due "
                    "date, or set aside, with the reason",
                )
            )
            continue
        index = validation.actions.index(decision) if validation else 0
        if decision.retained:
            for field, fr_what, en_what in (
                ("owner", "le porteur", "the owner"),
                ("due", "l'échéance", "the due date"),
            ):
                if getattr(decision, field) is None:
                    found.append(
                        Missing(
                            f"validation.actions[{index}].{field}",
                            f"{fr_what} de l'action retenue « {fr} »",
                            f"{en_what} of the retained action “{en}”",
                        )
                    )
        elif decision.reason is None:
            found.append(
                Missing(
                    f"validation.actions[{index}].reason",
                    f"le motif pour lequel l'action « {fr} » est écartée",
                    f"why the action “{en}” is set aside",
                )
            )
    return found


def unstated_defaults(assessment: Assessment) -> list[Missing]:
    """Answers the model defaults to "none" or "no" that the file does not state.

    In a draft they are listed and shown as to be completed, so that a default never reads as the
    author's answer; once every other answer is given, the author has signed off on the file as it
    stands and the defaults are taken as given.
    """
    found: list[Missing] = []
    subjects = assessment.data_subjects
    if "vulnerable_groups" not in subjects.model_fields_set:
        found.append(
            Missing(
                "data_subjects.vulnerable_groups",
                "les personnes vulnérables concernées (ou « vulnerable_groups: [] » s'il n'y en a pas)",
                "the vulnerable persons concerned (or 'vulnerable_groups: []' if there are none)",
            )
        )
    if "high_interest_persons" not in subjects.model_fields_set:
        found.append(
            Missing(
                "data_subjects.high_interest_persons",
                "si des personnes d'intérêt pour des autorités étrangères sont concernées (élus, militaires, journalistes)",
                "whether persons of interest to foreign authorities are concerned (officials, military, journalists)",
            )
        )
    encryption = assessment.measures.encryption
    external = encryption is not None and encryption.key_management is KeyManagement.external_key_holder
    # Unnamed, the holder reads « non nommé » and the compliance checks ask for it (GATE-KEY-HOLDER); a draft
    # lists it with the answers to complete.
    if external and encryption is not None and not encryption.key_holder:
        found.append(
            Missing(
                "measures.encryption.key_holder",
                "le nom du détenteur externe des clés de chiffrement",
                "the name of the external holder of the encryption keys",
            )
        )
    for index, item in enumerate(assessment.data):
        if "recipients" not in item.model_fields_set:
            found.append(
                Missing(
                    f"data[{index}].recipients",
                    "les destinataires de ces données (ou « recipients: [] » s'il n'y en a pas)",
                    "who receives these data (or 'recipients: []' if nobody does)",
                    item.category,
                )
            )
    return found


def is_complete(assessment: Assessment) -> bool:
    return not missing(assessment)
