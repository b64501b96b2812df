"""The validation chapter decides on the proposed actions, and never says the DPO was followed when not.

Each test builds the Word document from an answer file (the shipped samples, or a copy edited the way
an author would edit it) and reads back what the signer reads: section 4.4's decision table and its
signature block.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_report import between, text_of

from dpia.answers import load
from dpia.labels import Lang
from dpia.report.build import build_docx, default_template
from dpia.report.context import build_context
from dpia.report.render import Renderer
from dpia.scoring import assess

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (REPO / "samples").glob("*.yaml") if p.stem != "minimal")
DOCTOLIB = REPO / "samples" / "doctolib-aws-2021.yaml"
AWS_REVIEW = "ext_sovereign:AWS Sarl"
DECISION_HEADING = {"fr": "Décision sur les actions proposées", "en": "Decision on the proposed actions"}
SIGNATURE_HEADING = {"fr": "Décision et signature", "en": "Decision and signature"}


@pytest.fixture(scope="module")
def renderers() -> dict[str, Renderer]:
    return {lang: Renderer(default_template(lang)) for lang in ("fr", "en")}


def document_text(path: Path, lang: Lang, renderers: dict[str, Renderer]) -> str:
    loaded = load(path)
    _, text = text_of(build_docx(loaded, assess(loaded.assessment, lang), lang, renderers[lang]))
    return text


def edited(tmp_path: Path, change: Any) -> Path:
    """A copy of the Doctolib sample with `change(answers)` applied, as an author would edit it."""
    answers = yaml.safe_load(DOCTOLIB.read_text(encoding="utf-8"))
    change(answers)
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def decisions_of(answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["action"]: item for item in answers["validation"]["actions"]}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_section_4_4_decides_on_every_proposed_action(path: Path, lang: Lang, renderers) -> None:
    loaded = load(path)
    context = build_context(loaded.assessment, assess(loaded.assessment, lang), _provenance(), lang)
    text = document_text(path, lang, renderers)
    table = between(text, DECISION_HEADING[lang], SIGNATURE_HEADING[lang])
    decided = {d.action: d for d in loaded.assessment.validation.actions}  # type: ignore[union-attr]
    assert context.proposed_actions, "every complete sample proposes actions"
    for action in context.proposed_actions:
        assert action.title in table, action.title
        after = table[table.index(action.title) + len(action.title) :]
        decision = decided[action.key]
        if decision.retained:
            due = action.due
            assert re.match(rf"\n(Retenue : |Adopted: ){re.escape(decision.owner or '')}", after), after[:200]
            assert due in after[:400], (due, after[:400])
        else:
            assert after.lstrip("\n").startswith(("Écartée : ", "Set aside: ")), after[:200]
    assert "À désigner" not in table and "To be designated" not in table


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_decision_names_an_action_the_analysis_proposes(path: Path) -> None:
    """A decision on an action the analysis no longer proposes is printed nowhere: a sample keeps none."""
    from dpia.report.actions import decisions_to_take
    from dpia.report.words import Words

    assessment = load(path).assessment
    keys = {key for key, _ in decisions_to_take(assessment, assess(assessment, "fr"), Words("fr"))}
    assert assessment.validation is not None
    assert [d.action for d in assessment.validation.actions if d.action not in keys] == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_dpo_reservation_is_a_retained_action_and_only_then_followed(lang: Lang, renderers) -> None:
    text = document_text(DOCTOLIB, lang, renderers)
    table = between(text, DECISION_HEADING[lang], SIGNATURE_HEADING[lang])
    loaded = load(DOCTOLIB)
    context = build_context(loaded.assessment, assess(loaded.assessment, lang), _provenance(), lang)
    review = next(action.title for action in context.proposed_actions if action.key == AWS_REVIEW)
    assert "AWS Sarl" in review and review in table
    marked = "(action demandée par l'avis du délégué)" if lang == "fr" else "(action the DPO's opinion asks for)"
    assert marked in table[table.index(review) :]
    # The opinion also asks for the two points the decision makes conditions: the key holder, the routers.
    assert table.count(marked) == 3
    assert "3 actions" in text[text.index(SIGNATURE_HEADING[lang]) :]
    # The re-examination has one deadline, the decision's: the proposed action does not set its own.
    assert not re.search(r"au plus tard|at the latest", review) and "2021" in table[table.index(review) :]
    block = text[text.index(SIGNATURE_HEADING[lang]) :]
    followed = "Avis du délégué suivi\nOui" if lang == "fr" else "DPO's opinion followed\nYes"
    assert followed in block


def test_saying_the_dpo_was_followed_while_setting_aside_a_request_is_refused(tmp_path: Path, run_dpia) -> None:
    def set_aside(answers: dict[str, Any]) -> None:
        decision = decisions_of(answers)[AWS_REVIEW]
        decision.update(retained=False, reason="Coût du changement d'hébergeur.")
        del decision["owner"], decision["due"]

    result = run_dpia("validate", edited(tmp_path, set_aside))
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.stdout + result.stderr
    assert re.search(r"answers\.yaml:\d+:\d+: validation: dpo_opinion_followed is true", message), message
    assert AWS_REVIEW in message and "Traceback" not in message


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_set_aside_request_with_the_departure_reason_reads_no(tmp_path: Path, lang: Lang, renderers) -> None:
    reason = "Le coût d'un changement d'hébergeur en pleine campagne est disproportionné."

    def depart(answers: dict[str, Any]) -> None:
        decision = decisions_of(answers)[AWS_REVIEW]
        decision.update(retained=False, reason="Changement d'hébergeur écarté pendant la campagne.")
        del decision["owner"], decision["due"]
        answers["validation"].update(dpo_opinion_followed=False, departure_reason=reason)

    block = document_text(edited(tmp_path, depart), lang, renderers)
    block = block[block.index(SIGNATURE_HEADING[lang]) :]
    assert ("Avis du délégué suivi\nNon" if lang == "fr" else "DPO's opinion followed\nNo") in block
    assert reason in block
    # Three actions are asked for (key holder, routers, AWS); the AWS one alone is set aside.
    assert ("non retenues à ce jour : 1." if lang == "fr" else "not adopted to date: 1.") in block


AUTHORISATION = "art28-authorisation:Doctolib SAS:AWS Sarl"
AUTHORISATION_TITLE = {
    "fr": "Établir l'autorisation écrite préalable (art. 28(2)) du recours de Doctolib SAS à AWS Sarl",
    "en": "Establish the prior written authorisation (Art. 28(2)) for Doctolib SAS to engage AWS Sarl",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_decision_on_the_art28_authorisation_is_the_one_recorded(tmp_path: Path, lang: Lang, renderers) -> None:
    reason = "L'article 9 du contrat conclu avec Doctolib SAS autorise le recours à AWS Sarl."

    def set_aside(answers: dict[str, Any]) -> None:
        decision = decisions_of(answers)[AUTHORISATION]
        decision.update(retained=False, reason=reason)
        del decision["owner"], decision["due"]

    text = document_text(edited(tmp_path, set_aside), lang, renderers)
    table = between(text, DECISION_HEADING[lang], SIGNATURE_HEADING[lang])
    after = table[table.index(AUTHORISATION_TITLE[lang]) + len(AUTHORISATION_TITLE[lang]) :]
    decision = after.lstrip("\n").split("\n")[0]
    assert decision.startswith(("Écartée : ", "Set aside: ")) and "article 9 du contrat" in decision, decision

    def undecide(answers: dict[str, Any]) -> None:
        answers["validation"]["actions"] = [a for a in answers["validation"]["actions"] if a["action"] != AUTHORISATION]

    text = document_text(edited(tmp_path, undecide), lang, renderers)
    heading = "\nInformations manquantes\n" if lang == "fr" else "\nMissing information\n"
    assert repr(AUTHORISATION) in text[text.index(heading) :]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_undecided_request_is_open_and_makes_a_draft(tmp_path: Path, lang: Lang, renderers) -> None:
    def undecide(answers: dict[str, Any]) -> None:
        answers["validation"]["actions"] = [a for a in answers["validation"]["actions"] if a["action"] != AWS_REVIEW]

    text = document_text(edited(tmp_path, undecide), lang, renderers)
    block = text[text.index(SIGNATURE_HEADING[lang]) :]
    assert "Avis du délégué suivi\nOui" not in block and "DPO's opinion followed\nYes" not in block
    assert (
        "Avis du délégué suivi\nÀ déterminer" if lang == "fr" else "DPO's opinion followed\nTo be determined"
    ) in block
    heading = "\nInformations manquantes\n" if lang == "fr" else "\nMissing information\n"
    missing = text[text.index(heading) :].split("\n")
    rows = itertools.pairwise(missing[:40])  # the table's field cell, then what is missing
    assert any(field == "validation.actions" and repr(AWS_REVIEW) in what for field, what in rows), missing[:40]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_request_for_an_action_the_analysis_does_not_propose_stays_open(
    tmp_path: Path, lang: Lang, renderers
) -> None:
    def ask_more(answers: dict[str, Any]) -> None:
        answers["dpo_opinion"]["requested_actions"].append("measure:pseudonymisation")

    text = document_text(edited(tmp_path, ask_more), lang, renderers)
    block = text[text.index(SIGNATURE_HEADING[lang]) :]
    assert (
        "Avis du délégué suivi\nÀ déterminer" if lang == "fr" else "DPO's opinion followed\nTo be determined"
    ) in block
    heading = "\nInformations manquantes\n" if lang == "fr" else "\nMissing information\n"
    assert "'measure:pseudonymisation'" in text[text.index(heading) :]


def test_an_undecided_action_makes_the_filing_package_a_draft_too(tmp_path: Path) -> None:
    from dpia.package.letter import missing_facts

    def undecide(answers: dict[str, Any]) -> None:
        answers["validation"]["actions"] = [a for a in answers["validation"]["actions"] if a["action"] != AWS_REVIEW]

    assessment = load(edited(tmp_path, undecide)).assessment
    listed = missing_facts(assessment, "fr", assess(assessment, "fr"))
    assert len(listed) == 1 and repr(AWS_REVIEW) in listed[0]
    assert missing_facts(load(DOCTOLIB).assessment, "fr", assess(load(DOCTOLIB).assessment, "fr")) == []


def test_the_draft_example_lists_each_proposed_action_to_decide(renderers) -> None:
    path = REPO / "samples" / "minimal.yaml"
    loaded = load(path)
    context = build_context(loaded.assessment, assess(loaded.assessment, "fr"), _provenance(), "fr")
    keys = [action.key for action in context.proposed_actions]
    listed = [item.text for item in context.missing if item.path == "validation.actions"]
    assert len(listed) == len(keys) and all(any(repr(key) in line for line in listed) for key in keys)
    assert all(action.decision_text == "À déterminer" for action in context.proposed_actions)
    # No opinion yet: what it asks for is open, not « none ».
    assert context.validation.dpo_requests_text == "À compléter"
    assert context.validation.dpo_opinion_followed == "À compléter"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_unnamed_signatories_leave_a_blank_line_to_fill_in(lang: Lang, renderers) -> None:
    text = document_text(DOCTOLIB, lang, renderers)
    blank = "…………………………"
    dpo = between(text, "Nom du délégué" if lang == "fr" else "Name of the DPO", "Avis du" if lang == "fr" else "DPO's")
    assert blank in dpo
    signatory = between(text, "Nom du signataire" if lang == "fr" else "Name of the signatory", "Signature")
    assert blank in signatory


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_planned_consultation_of_the_data_subjects_is_stated(lang: Lang, renderers) -> None:
    text = document_text(DOCTOLIB, lang, renderers)
    planned = between(text, "Consultation prévue" if lang == "fr" else "Consultation planned", "4.4")
    assert "France Assos Santé" in planned and "30 septembre 2021" in planned


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_risk_map_reads_in_black_and_white_with_the_method_s_words(lang: Lang, renderers) -> None:
    text = document_text(DOCTOLIB, lang, renderers)
    heading = "4.1 Cartographie des risques" if lang == "fr" else "4.1 Risk mapping"
    section = between(text, heading, "4.2 ")
    grid = section[: section.index("Gravité du risque en ordonnée" if lang == "fr" else "Risk severity upwards")]
    # No risk of the Doctolib set-up moves (floors hold each one): one bare letter each, and the reading
    # names them; a moved risk's two marks are checked on its own below.
    marks = grid.replace(",", " ").split()
    unmoved = ("A", "M", "D", "E") if lang == "fr" else ("I", "U", "D", "E")
    for code in unmoved:
        assert marks.count(code) == 1 and f"({code})" not in grid and f"[{code}]" not in grid, code
    unmoved_note = "A, M, D, E : risques que" if lang == "fr" else "I, U, D, E: risks the planned measures do not move"
    assert unmoved_note in section and ")=[" not in section
    assert "position initiale = position résiduelle" in section or "initial position = residual position" in section
    # The legend says what the method says: red with the measures in place, not « existantes ou prévues ».
    assert "existantes ou prévues" not in section and "planned or existing" not in section


def test_a_moved_risk_is_marked_twice_and_the_reading_says_which_is_which() -> None:
    from dpia.report.riskmap import build_risk_map
    from dpia.scoring.findings import Level, Levels, Risk, RiskId

    def at(severity: int, likelihood: int) -> Levels:
        return Levels(severity=Level(severity), likelihood=Level(likelihood), level=Level(max(severity, likelihood)))

    moved = Risk(id=RiskId.illegitimate_access, initial=at(3, 2), residual=at(3, 1), reasons=[])
    still = Risk(id=RiskId.disappearance, initial=at(2, 2), residual=at(2, 2), reasons=[])
    for lang, reading in (("fr", "avec les mesures en place"), ("en", "with the measures in place")):
        risk_map = build_risk_map([moved, still], lang)  # type: ignore[arg-type]
        cells = {(row.severity, cell.likelihood): cell for row in risk_map.rows for cell in row.cells}
        letter = "A" if lang == "fr" else "I"
        assert cells[3, 2].initial == f"({letter})" and cells[3, 1].residual == f"[{letter}]"
        assert cells[2, 2].unchanged == "D" and not cells[2, 2].initial and not cells[2, 2].residual
        assert reading in risk_map.reading and "[" in risk_map.reading


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_summary_names_the_least_controlled_risk_and_the_regularisation(lang: Lang, renderers) -> None:
    text = document_text(DOCTOLIB, lang, renderers)
    summary = between(
        text, "Synthèse" if lang == "fr" else "Executive summary", "Méthode" if lang == "fr" else "Method"
    )
    if lang == "fr":
        assert "Le moins maîtrisé est « Accès extraterritorial par des autorités étrangères »" in summary
        assert "en œuvre depuis janvier 2021" in summary and "le régularise" in summary
        assert "le tableau de synthèse du chapitre 3.6 les présente ensemble" not in summary
    else:
        assert "The least controlled is “Extraterritorial access by foreign authorities”" in summary
        assert "running since January 2021" in summary and "regularises it" in summary


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_provenance_annex_states_the_rules_at_the_assessment_date(lang: Lang, renderers) -> None:
    text = document_text(DOCTOLIB, lang, renderers)
    annex = text[text.index("B. Provenance") :]
    assert ("Dans leur état au 12 mars 2021" if lang == "fr" else "As they stood on 12 March 2021") in annex
    assert "Version des règles" not in annex and "Rules version" not in annex


def _provenance():
    from dpia.report.context import Provenance

    return Provenance(tool_version="0", rules_version="0", answers_file="a.yaml", answers_sha256="0", template="t")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_retained_measure_action_counts_in_the_residual_and_its_effect_line_is_true(
    tmp_path: Path, lang: Lang, renderers
) -> None:
    def practice(answers: dict[str, Any]) -> None:
        # The Doctolib set-up for a practice's 2,500 patients: below the public-service floors, which hold
        # the national service's modification and disappearance at « limitée » whatever is retained.
        answers["data_subjects"]["count"] = 2_500

    (tmp_path / "kept").mkdir()
    (tmp_path / "aside").mkdir()
    kept_path = edited(tmp_path / "kept", practice)
    text = document_text(kept_path, lang, renderers)
    modification = "3.3 Modification non désirée de données" if lang == "fr" else "3.3 Unwanted modification of data"
    table = between(text, modification, "3.4 ")
    # The plan promises « limitée » to « négligeable » for the restore tests the decision retains ...
    plan = between(text, "4.2 ", "4.3 ")
    if lang == "fr":
        assert (
            "vraisemblance du risque « Modification non désirée de données » ramenée de « limitée » à « négligeable »"
            in plan
        )
        assert "2. Limitée → 1. Négligeable" in table and "l'action retenue au 4.4 (sauvegardes)" not in table
        assert "actions retenues au 4.4 (" in table and "Les actions retenues au 4.4 qui mettent en place" in text
    else:
        assert (
            "likelihood of the risk 'Unwanted modification of data' brought down from 'limited' to 'negligible'" in plan
        )
        assert "2. Limited → 1. Negligible" in table and "actions adopted in section 4.4 (" in table

    # ... and setting the action aside leaves the residual where the planned measures put it, while the
    # analysis proposes exactly the same actions (what is proposed never depends on what is decided).
    def set_aside(answers: dict[str, Any]) -> None:
        practice(answers)
        decisions_of(answers)["measure:backups"].update(retained=False, owner=None, due=None, reason="Coût.")

    path = edited(tmp_path / "aside", set_aside)
    kept, aside = assess(load(kept_path).assessment, lang), assess(load(path).assessment, lang)
    assert kept.recommendations == aside.recommendations
    assert kept.risk("unwanted_modification").residual.level == 1
    assert aside.risk("unwanted_modification").residual.level == 2
    assert "2. Limitée → 2. Limitée" in between(document_text(path, "fr", renderers), "3.3 ", "3.4 ")
