"""The wizard asks how care is practised, technology licensors, affiliates outside the EU and what makes
harm irreversible, each only where it applies; editing a file that states them keeps every answer."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from wizard_helpers import REPO, run

from dpia.answers import load
from dpia.wizard import Prompt, press_enter

LICENSOR_SAMPLE = REPO / "samples" / "trusted-cloud-licensor.yaml"
GROUP_SAMPLE = REPO / "samples" / "group-practice-psychiatry.yaml"


@pytest.fixture(scope="module", autouse=True)
def _no_fsync() -> Iterator[None]:
    """What these tests check is what the files hold; syncing them to disk after every answer only costs time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda descriptor: None)
        yield


def _scripted(answers: dict[str, Any]) -> Any:
    def script(prompt: Prompt) -> Any:
        if prompt.key in answers:
            return answers[prompt.key]
        offered = press_enter(prompt)
        if prompt.kind == "text" and prompt.validate and prompt.validate(offered):
            return "Texte libre"
        return offered

    return script


def test_a_cloud_provider_names_its_technology_licensor(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    answers = {
        "controller_type": "health_agency",
        "providers?": True,
        "providers[0].provider_name": "Opérateur de confiance SAS",
        "providers[0].provider_service": "cloud_infrastructure",
        "providers[0].provider_country": "FR",
        "providers[0].provider_licensors?": True,
        "providers[0].provider_licensors[0].licensor_name": "Example Cloud LLC",
        "providers[0].provider_licensors[0].licensor_country": "US",
        "providers[0].provider_licensors[0].licensor_parent": "Example Holdings Inc.",
        "providers[0].provider_licensors[0].licensor_parent_country": "US",
        "providers[0].provider_licensors[0].licensor_capabilities": ["ships_updates", "supports"],
        "providers[0].provider_licensors[0].licensor_validates_updates": True,
        "providers[0].provider_licensors[0]+": False,
        "providers[0]+": False,
    }
    code, prompter = run(target, _scripted(answers))
    assert code == 0 and prompter.refused == []
    provider = load(target).assessment.providers[0]
    assert len(provider.technology_licensors) == 1
    licensor = provider.technology_licensors[0]
    assert (licensor.name, licensor.country, licensor.parent, licensor.parent_country) == (
        "Example Cloud LLC",
        "US",
        "Example Holdings Inc.",
        "US",
    )
    assert [capability.value for capability in licensor.capabilities] == ["ships_updates", "supports"]
    assert licensor.operator_validates_updates is True
    messages = prompter.messages
    assert any(m.startswith("Prestataire 1 · Exploite-t-il la technologie") for m in messages), messages
    assert "Prestataire 1 · Éditeur 1 · Entité de l'éditeur" in messages
    assert "Prestataire 1 · Éditeur 1 · Ajouter un autre éditeur ?" in messages


def test_a_booking_platform_is_not_asked_about_licensors_and_no_is_the_default(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    answers = {
        "providers?": True,
        "providers[0].provider_name": "Plateforme SAS",
        "providers[0].provider_country": "FR",
        "providers[0]+": True,
        "providers[1].provider_name": "Hébergeur SAS",
        "providers[1].provider_service": "cloud_infrastructure",
        "providers[1].provider_country": "FR",
        "providers[1]+": False,
    }
    code, prompter = run(target, _scripted(answers))
    assert code == 0
    asked = {prompt.key: prompt for prompt in prompter.prompts}
    assert "providers[0].provider_licensors?" not in asked, "a booking platform runs no vendor's stack here"
    assert asked["providers[1].provider_licensors?"].default is False
    assert all(not p.technology_licensors for p in load(target).assessment.providers)


def test_affiliates_are_asked_only_for_a_group_with_affiliates_outside_the_eu(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    answers = {
        "providers?": True,
        "providers[0].provider_name": "Filiale FR",
        "providers[0].provider_country": "FR",
        "providers[0].provider_non_eu_affiliates": True,
        "providers[0].provider_affiliates?": True,
        "providers[0].provider_affiliates[0].affiliate_name": "Example Corp.",
        "providers[0].provider_affiliates[0].affiliate_country": "US",
        "providers[0].provider_affiliates[0].affiliate_flags": ["controls_provider", "has_access"],
        "providers[0].provider_affiliates[0]+": False,
        "providers[0]+": True,
        "providers[1].provider_name": "Autre SAS",
        "providers[1].provider_country": "FR",
        "providers[1]+": False,
    }
    code, prompter = run(target, _scripted(answers))
    assert code == 0 and prompter.refused == []
    keys = [prompt.key for prompt in prompter.prompts]
    assert "providers[1].provider_affiliates?" not in keys, "no affiliates outside the EU: nothing to name"
    first, second = load(target).assessment.providers
    assert [(a.name, a.country, a.controls_provider, a.has_access) for a in first.affiliates] == [
        ("Example Corp.", "US", True, True)
    ]
    assert second.affiliates == []


def test_the_knowledge_base_names_the_affiliates_it_knows(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    answers = {"providers?": True, "providers[0].provider_kb": "ovh sms", "providers[0]+": False}
    code, prompter = run(target, _scripted(answers))
    assert code == 0
    keys = [prompt.key for prompt in prompter.prompts]
    assert "providers[0].provider_affiliates?" not in keys, "the base gave them, as the user confirmed"
    provider = load(target).assessment.providers[0]
    assert [(a.country, a.has_access) for a in provider.affiliates] == [("CA", True)]


def test_practice_is_asked_of_a_health_professional_only(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    answers = {"controller_type": "health_professional", "controller_practice": "group"}
    code, prompter = run(target, _scripted(answers))
    assert code == 0
    keys = [prompt.key for prompt in prompter.prompts]
    assert "controller_practice" in keys and "controller_state_body" not in keys
    assert load(target).assessment.processing.controller.practice == "group"

    city = tmp_path / "city.yaml"
    code, prompter = run(city, _scripted({}))
    assert code == 0
    assert "controller_practice" not in [prompt.key for prompt in prompter.prompts]


def test_a_state_body_can_be_stated_or_left_unstated(tmp_path: Path) -> None:
    stated = tmp_path / "stated.yaml"
    answers = {"controller_type": "health_agency", "controller:details": True, "controller_state_body": False}
    code, _ = run(stated, _scripted(answers))
    assert code == 0
    assert load(stated).assessment.processing.controller.state_body is False, "an explicit no is kept"
    unstated = tmp_path / "unstated.yaml"
    code, _ = run(unstated, _scripted({"controller:details": True}))
    assert code == 0
    assert load(unstated).assessment.processing.controller.state_body is None, "Enter leaves it unstated"


def test_stigmatising_is_asked_for_data_that_reveal_health_only(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    answers = {
        "data[0].data_category": "identity",
        "data[0]+": True,
        "data[1].data_category": "appointment",
        "data[1]+": True,
        "data[2].data_category": "health",
        "data[2].data_stigmatising": True,
        "data[2]+": False,
        "subjects_at_risk": ["data_subjects.disclosure_endangers"],
    }
    code, prompter = run(target, _scripted(answers))
    assert code == 0
    keys = [prompt.key for prompt in prompter.prompts]
    assert "data[0].data_stigmatising" not in keys
    assert "data[1].data_stigmatising" in keys  # an appointment can reveal psychiatric or HIV care
    assessment = load(target).assessment
    # Identity data leave it unanswered (it does not apply); the others are answered explicitly.
    assert [item.stigmatising for item in assessment.data] == [None, False, True]
    assert assessment.data_subjects.disclosure_endangers is True
    assert assessment.data_subjects.high_interest_persons is False


def test_the_wizard_answers_both_facts_explicitly_so_nothing_is_missing_about_them(tmp_path: Path) -> None:
    from dpia.completeness import missing

    target = tmp_path / "answers.yaml"
    answers = {"data[0].data_category": "appointment", "data[0]+": False}
    code, _ = run(target, _scripted(answers))
    assert code == 0
    assessment = load(target).assessment
    assert assessment.data[0].stigmatising is False and assessment.data_subjects.disclosure_endangers is False
    paths = [m.path for m in missing(assessment)]
    assert "data[0].stigmatising" not in paths and "data_subjects.disclosure_endangers" not in paths


def test_singling_out_is_asked_only_with_pseudonymisation(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    answers = {
        "measures:implemented": ["encryption", "pseudonymisation"],
        "pseudonymisation_singling_out": True,
    }
    code, prompter = run(target, _scripted(answers))
    assert code == 0
    pseudonymisation = load(target).assessment.measures.pseudonymisation
    assert pseudonymisation is not None and pseudonymisation.prevents_singling_out is True
    without = tmp_path / "without.yaml"
    code, prompter = run(without, _scripted({}))
    assert "pseudonymisation_singling_out" not in [prompt.key for prompt in prompter.prompts]


@pytest.mark.parametrize(
    ("sample", "offered"),
    [
        (
            LICENSOR_SAMPLE,
            {
                "providers[0].provider_licensors?": True,
                "providers[0].provider_licensors[0].licensor_name": "Example Cloud LLC (fictif)",
                "providers[0].provider_licensors[0].licensor_capabilities": ["ships_updates"],
                "providers[0].provider_licensors[0].licensor_validates_updates": True,
                "controller_state_body": True,
            },
        ),
        (GROUP_SAMPLE, {"controller_practice": "group", "joint_controllers[0].joint_practice": "group"}),
    ],
    ids=["licensor", "group-practice"],
)
def test_editing_offers_the_new_answers_of_the_file(tmp_path: Path, sample: Path, offered: dict[str, Any]) -> None:
    target = tmp_path / sample.name
    shutil.copy(sample, target)
    code, prompter = run(target, press_enter)
    assert code == 0
    defaults = {prompt.key: prompt.default for prompt in prompter.prompts}
    for key, value in offered.items():
        assert key in defaults, f"{key} was not asked"
        assert defaults[key] in (value, str(value)), (key, defaults[key])
    assert target.read_bytes() == sample.read_bytes()


def test_the_knowledge_base_gives_a_trusted_clouds_licensor_with_its_sources(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    answers = {"date": "2026-12-03", "providers?": True, "providers[0].provider_kb": "s3ns", "providers[0]+": False}
    code, prompter = run(target, _scripted(answers))
    assert code == 0
    assert "providers[0].provider_licensors?" not in [prompt.key for prompt in prompter.prompts]
    assert any("Google (Google Cloud)" in line and "valide chaque mise à jour" in line for line in prompter.said)
    licensors = load(target).assessment.providers[0].technology_licensors
    assert [(licensor.name, licensor.country, licensor.operator_validates_updates) for licensor in licensors] == [
        ("Google (Google Cloud)", "US", True)
    ]


def test_an_unsourced_licensor_is_shown_as_unverified() -> None:
    from dpia.providers import shipped

    bleu = shipped().get("bleu")
    assert bleu is not None
    assert bleu.technology_licensors.unverified and bleu.technology_licensors.value
    s3ns = shipped().get("s3ns")
    assert s3ns is not None and s3ns.technology_licensors.sources, "a recorded licensor is sourced or unverified"


def test_a_new_file_records_the_language_the_wizard_ran_in(tmp_path) -> None:
    """Free texts typed in the wizard are in its language: the file says so, so that a document in the
    other language quotes them as written instead of passing them off as its own words."""
    from dpia.questionnaire import default_path
    from dpia.questionnaire import load as load_questionnaire
    from dpia.wizard.engine import Wizard

    questionnaire = load_questionnaire(default_path())
    fresh = Wizard(questionnaire, tmp_path / "new.yaml", "en", prompter=None)  # type: ignore[arg-type]
    assert fresh.data["language"] == "en"
    edited = Wizard(questionnaire, tmp_path / "old.yaml", "en", None, data={"schema_version": "1.0"}, editing=True)  # type: ignore[arg-type]
    assert "language" not in edited.data  # an existing file's texts keep the language it states, or none
