"""What the document says, read as a reviewer reads it: each risk argued on its own facts, actions a DPO
would sign, the foreign-access finding stated, and a draft that decides nothing.

These tests build the document context of every sample from the real scoring (no Word, no LibreOffice):
the rendered documents are checked as filed in test_document_filing.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from document_context import context

from dpia.answers import load
from dpia.labels import Lang
from dpia.scoring import assess
from dpia.scoring.findings import RiskId

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
FINAL = [path for path in SAMPLES if path.name != "minimal.yaml"]
LANGS: tuple[Lang, ...] = ("fr", "en")
# The CNIL's verbal scale, as the document words it.
SCALE = {
    "fr": ("négligeable", "limitée", "importante", "maximale"),
    "en": ("negligible", "limited", "significant", "maximum"),
}
RULE_ID = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", FINAL, ids=lambda p: p.stem)
def test_each_risk_argues_its_own_severity_from_its_own_impacts(path: Path, lang: Lang) -> None:
    risks = {risk.id: risk for risk in context(path, lang).risks}
    texts = {risk_id: risk.severity_justification for risk_id, risk in risks.items()}
    assert len(set(texts.values())) == len(texts), "two risks share the same severity argument"
    for risk_id, text in texts.items():
        risk = risks[risk_id]
        first_impact = risk.impacts.splitlines()[0]
        assert first_impact[1:] in text, (risk_id, "does not name its own impact")
        level = risk.initial.severity.value
        scale = SCALE[lang]
        # Why not the next level down and why not the next one up, in the scale's words.
        if level > 1:
            assert scale[level - 2] in text or scale[level - 1] in text.split(".", 1)[1], (risk_id, text)
        # Nothing in the method raises a disappearance above significant: no ceiling to argue there.
        if level < 4 and not (risk_id == RiskId.disappearance.value and level == 3):
            assert scale[level] in text, (risk_id, "does not say why not the level above", text)
        assert not RULE_ID.search(text), text
        assert not re.search(r"\bpoints?\b", text), text


def test_doctolib_severity_says_why_limited_and_not_significant() -> None:
    text = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr").risks[0].severity_justification
    assert "Gravité limitée" in text
    assert "Elle n'est pas négligeable" in text and "révèle indirectement une information relative à la santé" in text
    assert "Elle n'atteint pas le niveau « importante »" in text
    # One position on health data: Art. 9 data revealed indirectly, so never "no health data are processed",
    # and the Conseil d'État (which held these were not health data) is not cited for the opposite.
    assert "article 9" in text and "ni motif médical" in text and "ni document médical" in text
    assert "données de santé" not in text.split("Elle n'atteint pas", 1)[1] and "450163" not in text
    # Among 4 M mostly elderly persons some are under a protection measure: the text says they are there,
    # not targeted, and why the raising rule does not apply; their vulnerability is weighed, not dismissed.
    assert "ni mineurs ni majeurs protégés ne figurent" not in text
    assert "des majeurs protégés figurent nécessairement parmi les personnes concernées" in text
    assert "ne les vise pas et ne comporte aucune donnée sur leur mesure de protection" in text
    assert "aucun mineur n'est concerné" in text
    assert "selon les réponses" not in text and "retenue comme facteur aggravant" in text
    assert "(personnes âgées, patients et majeurs protégés)" in text
    # What booking reveals is the file's answer (the priority public), never "no data reveal a condition".
    assert "public prioritaire" in text and "ne révèle une affection" not in text
    assert text.count("public prioritaire") == 1  # named once, in the impacts; the rest refers to it
    # A revealed (unnamed) pathology is not called "not an affection": what is denied is that one is identified.
    assert "n'identifie ni une affection stigmatisante ni un soin stigmatisant" in text
    assert "ni une affection ni un soin" not in text


def test_the_disclosure_impact_names_what_the_data_reveal() -> None:
    access = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr").risks[0]
    assert "soins recherchés" not in access.impacts
    assert "de ce que révèle « rendez-vous » : l'appartenance au public prioritaire" in access.impacts
    generic = context(REPO / "samples" / "minimal.yaml", "en").risks[0]
    assert "what the data reveal about the persons' health" in generic.impacts


def test_later_risks_refer_to_what_was_argued_before_instead_of_repeating_it() -> None:
    risks = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr").risks
    first, *later = (risk.severity_justification for risk in risks)
    assert first.startswith("Gravité limitée : les personnes concernées pourraient connaître")
    persons = "des majeurs protégés figurent nécessairement parmi les personnes concernées"
    assert persons in first
    for text in later:
        # The scale's meaning and the shared ceiling are given once, in 3.2; each risk keeps its own harm.
        assert text.startswith("Gravité limitée. ") and persons not in text
        assert "Elle n'atteint pas le niveau « importante », pour les raisons exposées au chapitre 3.2" in text
    assert len({text.split(".")[1] for text in later}) == len(later)


def test_foreign_access_severity_says_why_the_aggravation_leaves_the_level() -> None:
    risks = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr").risks
    foreign = next(risk for risk in risks if risk.id == RiskId.extraterritorial_access.value)
    text = foreign.severity_justification
    assert "aggravé par l'absence de recours" in text and "sans changer le niveau" in text


def test_unanswered_vulnerable_groups_are_not_read_as_no_minors(tmp_path: Path) -> None:
    source = (REPO / "samples" / "doctolib-aws-2021.yaml").read_text(encoding="utf-8")
    assert "  vulnerable_groups: [elderly, patients]\n" in source
    silent = tmp_path / "silent.yaml"
    silent.write_text(source.replace("  vulnerable_groups: [elderly, patients]\n", ""), encoding="utf-8")
    text = context(silent, "fr").risks[0].severity_justification
    assert "ne figurent parmi" not in text and "ne dit pas encore si des mineurs" in text


def test_an_aggravating_fact_is_named_as_the_reason_for_the_higher_level() -> None:
    risks = context(REPO / "samples" / "group-practice-psychiatry.yaml", "en").risks
    access = next(risk for risk in risks if risk.id == RiskId.illegitimate_access.value)
    assert access.initial.severity.value == 4
    assert "stigmatising condition or care" in access.severity_justification
    assert "The data alone bring it to 'significant'" in access.severity_justification


# The signature of a title made by gluing labels: "Mesure : ...", "Examiner et documenter : ...".
GLUED = re.compile(r"^[^:]{0,40} ?: ")
BOILERPLATE = (
    "mettre la mesure en place",
    "put the measure in place",
    "examiner et documenter",
    "mettre en conformité",
)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_proposed_actions_read_as_sentences_with_the_controller_as_owner(path: Path, lang: Lang) -> None:
    ctx = context(path, lang)
    titles = [action.title for action in ctx.proposed_actions]
    assert len(titles) == len(set(titles)), "an action is proposed twice"
    for action in ctx.proposed_actions:
        assert not GLUED.match(action.title), action.title
        assert not any(phrase in action.title.lower() for phrase in BOILERPLATE), action.title
        assert not RULE_ID.search(action.title) and "PIA_" not in action.origin, action
        # Before the controller decides, the controller designates the owner; after, the owner is the
        # one the decision names, and never the DPO, who gives an opinion on the plan.
        if not action.decided:
            assert action.owner == ("À désigner par le responsable du traitement" if lang == "fr" else
                                    "To be designated by the controller"), action.owner  # fmt: skip
        elif action.retained:
            assert action.owner not in (ctx.processing.dpo.name, ctx.processing.dpo.person), action


def test_every_vulnerability_the_doctolib_document_states_becomes_an_action() -> None:
    ctx = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr")
    stated = " ".join(risk.likelihood_justification for risk in ctx.feared_events)
    origins = " ".join(action.origin for action in ctx.proposed_actions)
    for vulnerability in ("environnements et bases non cloisonnés au-delà des droits d'accès",
                          "restaurations des sauvegardes non testées",
                          "couverte par la certification d'AWS Sarl, sans preuve annexée"):  # fmt: skip
        assert vulnerability in stated, vulnerability
        assert vulnerability in origins, f"no action answers « {vulnerability} »"
    titles = [action.title for action in ctx.proposed_actions]
    assert any(title.startswith("Séparer les environnements de production et de test") for title in titles)
    # The foreign-access exposure that remains gets its own action, naming the provider.
    assert any("AWS Sarl" in title and "autorité étrangère" in title for title in titles), titles


def test_a_missing_foreign_access_commitment_becomes_a_contract_action() -> None:
    ctx = context(REPO / "samples" / "municipal-centre-us-sms.yaml", "en")
    assert any(
        title.startswith("Obtain from SMS Gateway") and "challenge any access request" in title
        for title in (action.title for action in ctx.proposed_actions)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_transfers_section_and_summary_state_the_foreign_access_finding(lang: Lang) -> None:
    ctx = context(REPO / "samples" / "doctolib-aws-2021.yaml", lang)
    law = " ".join(ctx.extraterritorial.law)
    article = "L'article 48 du RGPD" if lang == "fr" else "GDPR Article 48"
    assert article in law
    # The laws that reach AWS, with the dates the assessment cites them at (FISA as in force in March 2021).
    assert "CLOUD Act (23 m" in law.lower().replace("cloud act", "CLOUD Act") and "18 U.S.C. §2713" in law
    assert "Pub. L. 115-118" in law and "RISAA" not in law
    assert "450163" in law
    finding = next(text for text in ctx.summary.findings if "AWS Sarl" in text)
    assert ("article 48" if lang == "fr" else "Article 48") in finding
    assert ("États-Unis" if lang == "fr" else "United States") in finding
    stated = {  # the pair and the Art. 36 status, as every risk is stated, never a combined level
        "fr": "le risque résiduel est de gravité « 2.\u00a0Limitée » et de vraisemblance « 2.\u00a0Limitée », non élevé",
        "en": "the residual risk is of severity '2.\u00a0Limited' and likelihood '2.\u00a0Limited', not high",
    }
    assert stated[lang] in finding


def test_an_in_house_or_sovereign_chain_says_no_foreign_law_reaches_it() -> None:
    ctx = context(REPO / "samples" / "trusted-cloud-licensor.yaml", "fr")
    law = " ".join(ctx.extraterritorial.law)
    assert "L'article 48 du RGPD" in law
    assert any(text.startswith("Accès par des autorités étrangères") for text in ctx.summary.findings)


@pytest.mark.parametrize("lang", LANGS)
def test_a_draft_proposes_no_decision_and_leaves_prior_consultation_open(lang: Lang) -> None:
    ctx = context(REPO / "samples" / "minimal.yaml", lang)
    open_question = "À déterminer" if lang == "fr" else "To be determined"
    assert ctx.document.draft
    assert ctx.validation.decision == open_question
    assert ctx.conclusion.prior_consultation_label == open_question
    assert open_question.lower() in ctx.summary.decision
    said = " ".join([ctx.summary.decision, *ctx.summary.findings, *ctx.conclusion.paragraphs])
    for verdict in ("n'est pas requise", "is not required", "valider le traitement", "approve the processing"):
        assert verdict not in said, verdict


def test_a_dpo_opinion_marked_followed_has_its_requests_in_the_plan() -> None:
    """The municipal DPO asks, failing a change of SMS provider, for a transfer impact assessment and for
    sending the provider only the number and time: the decision says the opinion was followed, so both
    must be in the controller's plan."""
    assessment = load(REPO / "samples" / "municipal-centre-us-sms.yaml").assessment
    assert assessment.validation is not None and assessment.validation.dpo_opinion_followed
    assert assessment.dpo_opinion is not None and "analyse d'impact du transfert" in (assessment.dpo_opinion.text or "")
    titles = " ".join(action.title for action in assessment.action_plan)
    assert "analyse d'impact du transfert" in titles
    assert any(
        str(getattr(action.measure, "value", action.measure)) == "minimisation" for action in assessment.action_plan
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_no_internal_code_or_key_management_jargon_in_what_the_document_shows(path: Path, lang: Lang) -> None:
    # The rule trace (annex on request) and the measures' knowledge-base slugs (never printed) aside.
    shown = context(path, lang).model_dump(mode="json", exclude={"rules": True, "risks": {"__all__": {"reasons"}},
                                                                "feared_events": {"__all__": {"reasons"}},
                                                                "extraterritorial": {"risk": {"reasons"}},
                                                                "measures": {"__all__": {"slug"}}})  # fmt: skip
    text = repr(shown)
    for jargon in ("PIA_", "HYOK", "BYOK"):
        assert jargon not in text, jargon


def _foreign_likelihood(name: str, lang: Lang = "fr") -> str:
    risks = context(REPO / "samples" / name, lang).risks
    return next(risk for risk in risks if risk.id == RiskId.extraterritorial_access.value).likelihood_justification


def test_foreign_access_likelihood_derives_its_start_moves_one_level_and_names_its_floor() -> None:
    """A US-controlled provider that processes clear data starts at « importante », for stated reasons;
    the guarantees in place lower it by one level, and the floor says why it cannot be « négligeable »."""
    text = _foreign_likelihood("doctolib-aws-2021.yaml")
    start = text.index("Pour AWS Sarl, la vraisemblance de départ est « importante » : prestataire contrôlé depuis un")
    assert "qui traite les données en clair sur ses machines" in text[start:]
    lowered = text.index("Elle est abaissée d'un niveau, le maximum admis, à « limitée », par des preuves vérifiables")
    assert "engagement contractuel de contester les demandes et rapport de transparence détaillé" in text[lowered:]
    key = text.index("La clé détenue hors du prestataire n'entre pas dans cet abaissement ; elle fixe le plancher")
    assert "la vraisemblance ne pourrait descendre sous « importante »" in text[key:]
    floor = text.index("Elle ne peut descendre sous « limitée » : les données sont traitées en clair")
    assert start < lowered < key < floor and "cas d'usage 6" in text[floor:]
    # No lowering that a floor then cancels: the level never passes through « négligeable ».
    assert "négligeable" not in text
    # Retention per record is not the exposure of the processing.
    assert "la base, elle, reste exposée pendant toute la durée du traitement" in text
    # The garbled label « rapport de transparence, détaillé (…) » reads as a phrase.
    assert "rapport de transparence, " not in text


def test_guarantees_a_floor_cancels_are_said_to_change_nothing() -> None:
    text = _foreign_likelihood("doctolib-aws-no-encryption.yaml")
    assert "Pour AWS Sarl, la vraisemblance de départ est « importante »" in text
    assert "l'abaisseraient d'un niveau, mais elle ne peut descendre sous « importante »" in text
    assert "Ces garanties n'y changent donc rien." in text and "abaissée" not in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_summary_credits_the_guarantees_with_no_move_chapter_3_5_denies(path: Path, lang: Lang) -> None:
    """The executive summary and chapter 3.5 tell the same story: the summary says the guarantees lower
    the likelihood exactly when 3.5 says the level was lowered, and says they change nothing when 3.5 does."""
    ctx = context(path, lang)
    finding = next((t for t in ctx.summary.findings if t.startswith(("Accès par des autorités", "Access by"))), "")
    text = next(r for r in ctx.risks if r.id == RiskId.extraterritorial_access.value).likelihood_justification
    lowers = {"fr": ("La vraisemblance est abaissée d'un niveau", "Elle est abaissée d'un niveau"),
              "en": ("The likelihood is lowered by one level", "It is lowered by one level")}[lang]  # fmt: skip
    voids = {"fr": ("n'y changent rien, car", "Ces garanties n'y changent donc rien"),
             "en": ("change nothing, because", "These safeguards therefore change nothing")}[lang]  # fmt: skip
    for said, argued in (lowers, voids):
        assert (said in finding) == (argued in text), (said, finding, text)
    assert not (lowers[0] in finding and voids[0] in finding)


def test_no_foreign_access_likelihood_claims_a_move_it_did_not_make() -> None:
    risks = context(REPO / "samples" / "municipal-centre-us-sms.yaml", "fr").risks
    text = next(risk for risk in risks if risk.id == RiskId.extraterritorial_access.value).likelihood_justification
    assert "la vraisemblance de départ" in text and "est « maximale »" in text
    assert "Aucune preuve vérifiable de sa pratique ni courte durée de conservation ne permet de l'abaisser" in text
    assert "abaissée" not in text


def test_a_draft_shows_unanswered_defaults_as_to_be_completed_not_as_answers() -> None:
    draft = context(REPO / "samples" / "minimal.yaml", "fr")
    assert draft.rights.response_time == "À compléter" and draft.processing.standards_text == "À compléter"
    examined, unanswered = draft.screening.not_met_text.split("Critères non renseignés, à compléter : ")
    assert "Critère WP248 n° 7" in unanswered and "Critère WP248 n° 9" in unanswered
    assert "Critère WP248" not in examined


def test_answers_read_as_the_law_and_the_chain_say() -> None:
    final = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr")
    assert final.rights.response_time.startswith("Un mois à compter de la réception de la demande")
    assert "art. 12(3)" in final.rights.response_time
    doctolib = next(provider for provider in final.providers if provider.name == "Doctolib SAS")
    assert doctolib.storage_countries == "via AWS Sarl (France ; Allemagne)"


def test_levels_of_a_risk_agree_with_risque_and_no_action_moves_a_level_to_itself() -> None:
    final = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr")
    summary = " ".join(final.summary.findings)
    assert "le risque résiduel est de gravité « 2.\u00a0Limitée » et de vraisemblance « 2.\u00a0Limitée »" in summary
    assert "le risque résiduel est limité" not in summary and "risque résiduel est « limitée »" not in summary
    # « limitée » agrees with the likelihood (la vraisemblance) it qualifies, never with the risk.
    assert "de « importante » à « limitée »" in summary
    # Floors hold every risk at « limitée »: the summary names the least controlled one and why.
    assert (
        "Tous les risques ont la même gravité résiduelle (2. Limitée) et la même vraisemblance résiduelle "
        "(2. Limitée). Le moins maîtrisé est « Accès extraterritorial par des autorités étrangères » : "
        "un plancher retient sa vraisemblance"
    ) in summary
    assert final.risks[0].level_change == "2. Limitée → 2. Limitée"
    assert final.risks[0].high_change == "Non → Non" and not final.risks[0].residual.high
    for path in SAMPLES:
        for action in context(path, "fr").proposed_actions:
            assert not re.search(r"de « (\w+) » à « \1 »", action.origin), action.origin


@pytest.mark.parametrize("path", FINAL, ids=lambda p: p.stem)
def test_a_sample_whose_residual_risk_is_high_is_not_approved_without_consulting_the_cnil(path: Path) -> None:
    """Art. 36: a high residual risk means consulting the CNIL first; a sample that signs it off as
    approved, with its DPO's opinion 'followed', would teach the contradiction."""
    assessment = load(path).assessment
    if assess(assessment).prior_consultation:
        assert assessment.validation is not None
        assert assessment.validation.decision.value in ("prior_consultation", "refused"), path.name


@pytest.mark.parametrize("lang", LANGS)
def test_the_conseil_detat_order_is_cited_once_for_what_it_decided_and_never_as_an_endorsement(lang: Lang) -> None:
    """CE, réf., 12 March 2021, n° 450163 tested only a manifest inadequacy (référé-liberté): chapter 3.5
    says so once; the method draws on it; no sentence says the judge validated or examined « ce risque »."""
    ctx = context(REPO / "samples" / "doctolib-aws-2021.yaml", lang)
    scope = {"fr": "ne vaut pas validation au fond", "en": "is not a ruling on the merits"}[lang]
    shown = ctx.model_dump(mode="json", exclude={"rules": True, "risks": {"__all__": {"reasons"}},
                                                 "feared_events": {"__all__": {"reasons"}},
                                                 "extraterritorial": {"risk": {"reasons"}}})  # fmt: skip
    ext = next(r for r in ctx.risks if r.id == RiskId.extraterritorial_access.value).likelihood_justification
    assert scope in ext and "L. 521-2" in ext and "450163" in ext
    assert repr(shown["risks"]).count(scope) == 1
    method = " ".join(ctx.method.paragraphs)
    assert {"fr": "s'inspire des éléments examinés", "en": "draws on the elements examined"}[lang] in method
    for endorsement in ("reprend les éléments examinés", "Le Conseil d'État a examiné ce risque",
                        "takes up the elements examined", "The Conseil d'État examined this risk",
                        "le Conseil d'État a relevé"):  # fmt: skip
        assert endorsement not in repr(shown), endorsement


def test_the_order_is_not_cited_where_no_provider_is_controlled_from_a_third_country() -> None:
    text = context(REPO / "samples" / "municipal-centre-us-sms.yaml", "fr").risks
    ext = next(r for r in text if r.id == RiskId.extraterritorial_access.value).likelihood_justification
    assert "ne vaut pas validation au fond" not in ext


def test_the_screening_names_the_case_that_makes_the_dpia_mandatory_and_why_each_criterion_applies() -> None:
    final = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr")
    # Which case, not « un cas de l'art. 35(3) RGPD ou de la liste de la CNIL »: the reader can check it.
    assert final.screening.summary.endswith("Le traitement relève aussi de l'art. 35(3)(b) du RGPD.")
    assert " ou de la liste" not in final.screening.summary
    assert "Le traitement relève aussi de l'art. 35(3)(b) du RGPD." in " ".join(final.conclusion.paragraphs)
    criteria = {criterion.id: criterion for criterion in final.screening.criteria}
    assert criteria["SCR-WP248-9"].because.startswith("Pendant la campagne, la prise de rendez-vous en ligne")
    assert "qui révèle l'appartenance au public prioritaire" in criteria["SCR-ART35-3B"].because
    # An exemption for associations or for a practitioner working alone is not examined for a ministry.
    assert "2019-118" not in final.screening.not_met_text and "Dispense" not in final.screening.not_met_text
    english = context(REPO / "samples" / "doctolib-aws-2021.yaml", "en").screening.summary
    assert english.endswith("The processing also falls under GDPR Art. 35(3)(b).")


def test_an_exemption_examined_for_its_kind_of_controller_cites_its_item_and_why_it_is_set_aside() -> None:
    practice = context(REPO / "samples" / "group-practice-psychiatry.yaml", "fr").screening.not_met_text
    assert "Dispense prévue au point 6 de la délibération n° 2019-118 de la CNIL" in practice
    assert "exercice de groupe" in practice and "point 5 de la délibération" not in practice


def test_proposed_actions_build_on_the_measures_and_certifications_in_place() -> None:
    """Daily encrypted backups exist: the action tests their restores, for both risks untested restores
    weaken; a certified host protects its data centres: the action annexes the evidence; access profiles
    per centre exist: the action separates environments beyond them."""
    actions = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr").proposed_actions
    titles = " ".join(action.title for action in actions)
    assert "Sauvegarder les données chaque jour" not in titles
    restores = next(action for action in actions if action.title.startswith("Tester la restauration"))
    assert "« Modification non désirée de données » et « Disparition de données »" in restores.origin
    assert "Obtenir de l'hébergeur la preuve" not in titles
    annex = next(
        action for action in actions if action.title.startswith("Annexer à l'analyse le certificat d'AWS Sarl")
    )
    assert "activité 1" in annex.title and "aucune protection déclarée" not in annex.origin
    partition = next(action for action in actions if "environnements de production et de test" in action.title)
    assert "profils par centre" in partition.title
    # Without a described access control or a certified host, the full measures are still proposed.
    bare = " ".join(action.title for action in context(REPO / "samples" / "minimal.yaml", "fr").proposed_actions)
    assert "Cloisonner les données par centre" in bare


def test_persons_of_interest_are_answered_with_the_reason_and_the_severity_uses_it() -> None:
    ctx = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr")
    shown = ctx.data_subjects.high_interest_persons
    assert shown.startswith("Non — la population nationale inclut nécessairement des élus, des militaires")
    access = ctx.risks[0].severity_justification
    assert "s'agissant des personnes d'intérêt pour des autorités étrangères, la population nationale" in access
    assert "aucune personne d'un intérêt particulier" not in access


@pytest.mark.parametrize("lang", LANGS)
def test_encryption_reads_partly_compliant_and_an_unnamed_key_holder_is_said_to_be_unnamed(lang: Lang) -> None:
    ctx = context(REPO / "samples" / "doctolib-aws-2021.yaml", lang)
    gate = next(g for g in ctx.gates if g.id == "GATE-ART32-ENCRYPTION")
    assert gate.status == {"fr": "Partiellement conforme", "en": "Partly compliant"}[lang]
    assert {"fr": "chapitre 3.5", "en": "section 3.5"}[lang] in gate.text and "AWS Sarl" in gate.text
    encryption = next(m for m in ctx.measures if m.slug == "PIA_TEC_CHIF")
    assert {"fr": "Détenteur des clés : non nommé (France)", "en": "Key holder: not named (France)"}[lang] in (
        encryption.description
    )
    assert "France, France" not in repr(ctx.model_dump(mode="json"))
    naming = {"fr": "Nommer dans le contrat le détenteur externe des clés", "en": "Name the external holder"}[lang]
    assert any(action.title.startswith(naming) for action in ctx.proposed_actions)


_FRENCH = re.compile(r"[àâçéèêëîïôûùœ«»]|\b(?:les|des|du|une|avec|pour|dans|sont)\b")


def _answer_texts(value: object, found: set[str]) -> set[str]:
    if isinstance(value, str):
        found.add(" ".join(value.split()))
    elif isinstance(value, dict):
        for item in value.values():
            _answer_texts(item, found)
    elif isinstance(value, list):
        for item in value:
            _answer_texts(item, found)
    return found


def test_the_english_document_writes_english_and_quotes_the_french_answers_as_written() -> None:
    """The answer file says its texts are French: the English document quotes them, says so once in the
    method, and every other word it writes is English."""
    import yaml

    path = REPO / "samples" / "doctolib-aws-2021.yaml"
    ctx = context(path, "en")
    assert any("quoted as written, in French, without translation" in p for p in ctx.method.paragraphs)
    answers = sorted(_answer_texts(yaml.safe_load(path.read_text(encoding="utf-8")), set()), key=len, reverse=True)
    # The rule trace (technical annex, --trace) cites the rules' data as reviewed: not checked here.
    trace = {"reasons": True}
    shown = ctx.model_dump(
        mode="json",
        exclude={"rules": True, "provenance": True, "risks": {"__all__": trace},
                 "feared_events": {"__all__": trace}, "extraterritorial": {"risk": trace}},
    )  # fmt: skip
    texts = sorted(_answer_texts(shown, set()))
    for text in texts:
        rest = re.sub(r"“[^”]*”", "", text)  # a quotation is the answer as written
        for answer in answers:
            if len(answer) > 3:
                rest = rest.replace(answer, "")
        rest = rest.replace("Code de la santé publique", "")  # the code's own name, given beside the English
        assert not _FRENCH.search(rest), text
    # The French document has nothing to quote: its answers are in its own language.
    assert not any("sans traduction" in p for p in context(path, "fr").method.paragraphs)


@pytest.mark.parametrize("lang", LANGS)
def test_every_us_law_the_transfer_chapter_cites_is_among_the_public_sources(lang: Lang) -> None:
    # A signer checks each law the document relies on against its list of sources, with its date.
    document = context(REPO / "samples" / "doctolib-aws-2021.yaml", lang)
    sources = " ".join(document.method.sources)
    for law in ("CLOUD Act", "FISA §702", "Executive Order 12333"):
        assert law in " ".join(document.extraterritorial.law), law
        assert law in sources, f"{law} is cited in chapter 2.2 but not listed among the public sources"


def test_nothing_is_declared_compliant_for_sub_processors_nobody_named() -> None:
    # The SMS and e-mail routers of the Doctolib sample are not identified: the document must not let
    # « aucun transfert » or the Art. 28 row read as covering them: the row names the providers it covers.
    doctolib = context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr")
    art28 = next(gate for gate in doctolib.gates if gate.id == "GATE-ART28")
    assert art28.text.startswith("Un contrat conforme à l'art. 28 est en place pour Doctolib SAS et AWS Sarl ;")
    unidentified = next(gate for gate in doctolib.gates if gate.id == "GATE-UNIDENTIFIED-PROVIDER")
    assert "leur contrat (art. 28(4)) et leur exposition au droit d'un pays tiers ne sont pas vérifiés" in (
        unidentified.text
    )
    assert any(
        "ni un transfert hors de l'Union ni l'exposition au droit d'un pays tiers ne sont vérifiés" in paragraph
        for paragraph in doctolib.extraterritorial.law
    )
    hospital = context(REPO / "samples" / "hospital-secnumcloud.yaml", "fr")
    art28 = next(gate for gate in hospital.gates if gate.id == "GATE-ART28")
    assert art28.text.startswith("Un contrat conforme à l'art. 28 est en place pour Logiciels Hospitaliers SAS")
    assert not any("non identifiés" in paragraph for paragraph in hospital.extraterritorial.law)


def _document_text(path: Path, lang: Lang) -> str:
    """The rendered .docx read back: every paragraph, table cells included, whitespace collapsed."""
    import io

    from docx import Document

    from dpia.report.build import build_docx, default_template
    from dpia.report.render import Renderer

    loaded = load(path)
    findings = assess(loaded.assessment, lang=lang)
    document = Document(io.BytesIO(build_docx(loaded, findings, lang, Renderer(default_template(lang)))))
    body = document.element.body
    paragraphs = (
        "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))
        for element in body.iter()
        if element.tag.endswith("}p")
    )
    return "\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


def test_french_answers_inside_english_sentences_are_quoted_as_the_document_quotes_them() -> None:
    """What the sub-processors nobody named do, what the data reveal and why a screening criterion is met are
    the file's French words: inside an English sentence they are marked as quotations, every time."""
    path = REPO / "samples" / "doctolib-aws-2021.yaml"
    assessment = load(path).assessment
    embedded = [p.description for p in assessment.unidentified_providers]
    embedded += [item.reveals for item in assessment.data if item.reveals]
    embedded += [str(v).strip().rstrip(".") for v in assessment.screening.reasons.model_dump().values() if v]
    embedded = [" ".join(text.split()) for text in embedded]
    assert len(embedded) >= 4  # the two routers, the appointment, criterion 9: the sample still has them
    english = _document_text(path, "en")
    french = _document_text(path, "fr")
    for text in embedded:
        assert english.count(text) >= 1, text
        # Every occurrence opens and closes a quotation (a cell holding only the answer is not a sentence).
        bare = english.replace(f"“{text}”", "")
        assert text not in bare, (text, bare[max(0, bare.find(text) - 80) : bare.find(text) + 80])
        # In its own language the document writes the answer as its own words, never quoted in English marks.
        assert f"“{text}”" not in french and text in french


def test_present_but_not_targeted_protected_adults_follow_the_answers(tmp_path: Path) -> None:
    source = (REPO / "samples" / "doctolib-aws-2021.yaml").read_text(encoding="utf-8")
    line = "  vulnerable_present_not_targeted: [protected_adults]\n"
    assert line in source
    english = context(REPO / "samples" / "doctolib-aws-2021.yaml", "en").risks[0]
    assert "adults under legal protection are necessarily among the persons concerned" in english.severity_justification
    assert "holds no data on their protection measure" in english.severity_justification
    assert english.initial.severity.value == 2
    # Without the answer, nothing says they are there: the file answers that no such person is concerned.
    absent = tmp_path / "absent.yaml"
    absent.write_text(source.replace(line, ""), encoding="utf-8")
    text = context(absent, "fr").risks[0].severity_justification
    assert "ni mineurs ni majeurs protégés ne figurent parmi les personnes concernées" in text
    assert "majeurs protégés figurent nécessairement" not in text
    # Targeted, they raise the severity by the rule, and the text says so instead.
    targeted = tmp_path / "targeted.yaml"
    targeted.write_text(
        source.replace(line, "").replace(
            "vulnerable_groups: [elderly, patients]", "vulnerable_groups: [elderly, protected_adults]"
        ),
        encoding="utf-8",
    )
    raised = context(targeted, "fr").risks[0]
    assert raised.initial.severity.value == 3
    assert "relevée d'un niveau parce que le traitement concerne des majeurs protégés" in raised.severity_justification
    assert "ne figurent" not in raised.severity_justification
    assert "figurent nécessairement" not in raised.severity_justification


def test_a_group_cannot_be_both_targeted_and_not_targeted(tmp_path: Path) -> None:
    from conftest import invoke_dpia

    source = (REPO / "samples" / "doctolib-aws-2021.yaml").read_text(encoding="utf-8")
    both = tmp_path / "both.yaml"
    both.write_text(
        source.replace("vulnerable_groups: [elderly, patients]", "vulnerable_groups: [elderly, protected_adults]"),
        encoding="utf-8",
    )
    result = invoke_dpia("validate", both)
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert "both.yaml:" in output and "protected_adults" in output and "vulnerable_present_not_targeted" in output
    assert "Traceback" not in output


def test_a_public_service_says_why_retained_actions_leave_modification_and_disappearance_at_limited() -> None:
    risks = {risk.id: risk for risk in context(REPO / "samples" / "doctolib-aws-2021.yaml", "fr").risks}
    modification = risks[RiskId.unwanted_modification.value].likelihood_justification
    disappearance = risks[RiskId.disappearance.value].likelihood_justification
    assert "les actions retenues au 4.4 (sauvegardes" in modification
    assert "un compte usurpé ou l'erreur d'un utilisateur habilité reste possible" in modification
    assert "négligeable" not in modification + disappearance


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_disappearance_says_why_its_own_threats_leave_it_at_limited(lang: Lang) -> None:
    """The reason is disappearance's own (ransomware, failure, disaster; a deletion nobody notices), never a
    reference to the modification's reason, and the provider threat is answered by what the answers say."""
    risks = {risk.id: risk for risk in context(REPO / "samples" / "doctolib-aws-2021.yaml", lang).risks}
    text = risks[RiskId.disappearance.value].likelihood_justification
    if lang == "fr":
        assert "pour la raison exposée" not in text and "chapitre 3.3" not in text
        assert "les restaurations testées réparent une perte (rançongiciel, panne, sinistre) sans l'empêcher" in text
        assert "un compte usurpé ou un utilisateur habilité a supprimée sans que nul le remarque" in text
        # Nothing in the answers states reversibility: it is said not established, never said absent.
        assert "Réversibilité en cas de défaillance d'un prestataire ou en fin de contrat : non établie." in text
        assert "sans réversibilité" not in text and "aucune clause de réversibilité" not in text
    else:
        assert "for the reason given" not in text and "section 3.3" not in text
        assert "tested restores repair a loss (ransomware, failure, disaster) without preventing it" in text
        assert "a hijacked account or an authorised user deleted without anyone noticing" in text
        assert "Reversibility if a provider fails or at the end of a contract: not established." in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_attached_certificate_is_not_counted_among_the_planned_measures(lang: Lang) -> None:
    """Attaching the host's certificate is evidence of a protection the host provides, not a measure: the
    sentence on planned measures does not name it, while the vulnerability it answers is still stated."""
    risks = {risk.id: risk for risk in context(REPO / "samples" / "doctolib-aws-2021.yaml", lang).risks}
    text = risks[RiskId.disappearance.value].likelihood_justification
    planned = text[text.index("Les mesures prévues" if lang == "fr" else "The planned measures") :]
    measure = "protection contre les sources de risques non humaines" if lang == "fr" else "non-human sources"
    assert measure not in planned
    assert ("l'action retenue au 4.4 (sauvegardes))" if lang == "fr" else "section 4.4 (backups))") in planned
    assert ("certification d'AWS Sarl, sans preuve annexée" if lang == "fr" else "AWS Sarl, with no evidence") in text
    # A host without a certification: the retained action puts a real measure in place, and it is named.
    psychiatry = {r.id: r for r in context(REPO / "samples" / "group-practice-psychiatry.yaml", lang).risks}
    other = psychiatry[RiskId.disappearance.value].likelihood_justification
    assert measure in other


def test_a_level_the_planned_measures_do_not_move_says_they_do_not_reach_the_level_below() -> None:
    risks = {r.id: r for r in context(REPO / "samples" / "municipal-centre-us-sms.yaml", "fr").risks}
    text = risks[RiskId.disappearance.value].likelihood_justification
    assert (
        "renforcent la protection sans suffire, avec celles en place, à ramener la vraisemblance à « limitée »" in text
    )


@pytest.mark.parametrize(
    ("lang", "wp248", "paraphrase"),
    [
        (
            "fr",
            "empêche les personnes d'exercer un droit ou de bénéficier d'un service ou d'un contrat",
            "conditionne un droit",
        ),
        ("en", "prevents data subjects from exercising a right or using a service or a contract", "conditions a right"),
    ],
)
def test_wp248_criterion_9_is_stated_in_wp248_words_and_argued_from_the_answers(
    lang: Lang, wp248: str, paraphrase: str
) -> None:
    """WP248 rev.01 criterion 9 prevents persons from exercising a right or using a service; a broader
    paraphrase (« conditionne ») would hold the criterion for any service. The annex prints the criterion in
    those words, and the answer, which says the telephone route stays open, says why it is held anyway."""
    path = REPO / "samples" / "doctolib-aws-2021.yaml"
    criterion = next(c for c in assess(load(path).assessment, lang=lang).screening.criteria if c.id == "SCR-WP248-9")
    assert criterion.met and wp248 in criterion.text and paraphrase not in criterion.text
    annex = _document_text(path, lang)
    assert wp248 in annex and paraphrase not in annex
    assert "la réservation par téléphone reste ouverte" in criterion.because
    assert "critère discutable, retenu par prudence" in criterion.because
    assert "critère discutable, retenu par prudence" in annex
