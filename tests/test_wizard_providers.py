"""The provider knowledge base: its data hold together, `dpia providers` shows them, the wizard offers them."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from wizard_helpers import SAMPLE, run

from dpia.answers import load
from dpia.cli import app
from dpia.errors import InputError
from dpia.providers import load as load_base
from dpia.providers import shipped
from dpia.wizard import Prompt, press_enter

REQUIRED = ["aws", "azure", "google", "ovhcloud", "outscale", "s3ns", "scaleway", "alibaba"]


@pytest.fixture(scope="module", autouse=True)
def _no_fsync() -> Iterator[None]:
    """What these tests check is what the files hold; syncing them to disk after every answer only costs time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda descriptor: None)
        yield


def test_the_base_holds_the_providers_health_bookings_meet() -> None:
    base = shipped()
    assert len(base.providers) >= 15
    for name in REQUIRED:
        assert base.search(name), f"no entry for {name}"
    assert any(entry.id == "ovhcloud-secnumcloud" for entry in base.providers)
    services = {service.value for entry in base.providers for service in entry.services}
    assert {"cloud_infrastructure", "booking_platform", "messaging"} <= services


def test_every_fact_is_sourced_and_dated_or_marked_unverified() -> None:
    for entry in shipped().providers:
        assert entry.sources(), entry.id
        for name, fact in entry.facts():
            if fact.unverified:
                assert fact.sources == [], f"{entry.id}.{name}: an unverified fact has no check date"
            else:
                assert fact.sources, f"{entry.id}.{name}"
                assert all(source.url.startswith("https://") for source in fact.sources)
                assert all(source.date <= entry.reviewed for source in fact.sources)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("    secnumcloud: {value: null, unverified: true}\n", "    secnumcloud: {value: none}\n"),
        ("  - id: outscale\n", "  - id: aws-sarl\n"),
    ],
    ids=["fact-without-source", "duplicate-id"],
)
def test_a_broken_base_is_refused_with_a_located_error(tmp_path: Path, change: str, message: str) -> None:
    from dpia.providers.knowledge import DATA

    broken = tmp_path / "providers.yaml"
    broken.write_text(DATA.read_text(encoding="utf-8").replace(change, message, 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_base(broken)
    assert str(caught.value).startswith(f"{broken}:")


def test_facts_are_those_valid_at_the_assessments_date() -> None:
    s3ns = shipped().get("s3ns")
    assert s3ns is not None
    assert s3ns.facts_at(dt.date(2026, 6, 1))["certifications"]["secnumcloud"] is True
    assert "secnumcloud" not in s3ns.facts_at(dt.date(2025, 6, 1)).get("certifications", {}), (
        "qualified on 17 December 2025: before that, the wizard asks"
    )
    aws = shipped().get("aws-sarl")
    assert aws is not None
    assert aws.facts_at(dt.date(2021, 3, 12))["certifications"]["hds"] == "v1_2018"
    assert aws.facts_at(dt.date(2021, 3, 12))["non_eu_affiliates"] is True
    assert not aws.stale_at(aws.reviewed + dt.timedelta(days=300))
    assert aws.stale_at(aws.reviewed + dt.timedelta(days=400))


def test_dpia_providers_json_lists_every_entry_with_dated_sources() -> None:
    result = CliRunner().invoke(app, ["providers", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["version"] == shipped().version
    assert len(data["providers"]) >= 15
    for provider in data["providers"]:
        assert {"id", "name", "sources", "facts", "reviewed", "stale"} <= set(provider)
        assert provider["sources"] and all(dt.date.fromisoformat(s["date"]) for s in provider["sources"])


def test_dpia_providers_shows_one_entry_in_french_with_its_sources() -> None:
    result = CliRunner().invoke(app, ["providers", "aws"])
    assert result.exit_code == 0, result.output
    assert "AWS Sarl" in result.output and "Société mère : Amazon.com, Inc." in result.output
    assert "source lue le 2026-12-03 : https://www.conseil-etat.fr/" in result.output
    assert "SecNumCloud : inconnu de la base" in result.output, "what the base does not know, it says"
    maiia = CliRunner().invoke(app, ["providers", "maiia"])
    assert "Entité contractante : Maiia SAS" in maiia.output and "non vérifié" in maiia.output
    unknown = CliRunner().invoke(app, ["providers", "nowhere-cloud"])
    assert unknown.exit_code == 2


def _typical(kb_answers: dict[str, Any]) -> Any:
    """A hurried user describing a set-up: Enter everywhere, a few words where Enter is refused."""

    def script(prompt: Prompt) -> Any:
        for suffix, answer in kb_answers.items():
            if prompt.key.endswith(suffix):
                return answer
        if prompt.key == "providers?":
            return True
        offered = press_enter(prompt)
        if prompt.kind == "text" and prompt.validate and prompt.validate(offered):
            return "Texte libre"
        return offered

    return script


def test_typing_aws_picks_the_entry_and_prefills_its_facts(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    code, prompter = run(target, _typical({"providers[0].provider_kb": "aws", "date": "12/03/2021"}))
    assert code == 0
    provider = load(target).assessment.providers[0]
    assert provider.kb == "aws-sarl"
    assert provider.name == "AWS Sarl" and provider.country == "LU"
    assert provider.non_eu_affiliates is True
    assert provider.certifications.hds == "v1_2018", "certified in 2021, the assessment's date"
    messages = [prompt.message for prompt in prompter.prompts]
    assert not any("Nom de l'entité contractante" in message for message in messages), "a verified fact"
    ticked = [p for p in prompter.prompts if any("SecNumCloud" in title for _, title in p.choices)]
    assert ticked and "certifications.secnumcloud" not in ticked[0].default, "an unverified fact is still asked"
    assert any(line.startswith("  Inconnus de la base") and "SecNumCloud" in line for line in prompter.said)


def test_facts_kept_from_the_base_are_not_asked_again_after_ctrl_c(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    typical = _typical({"providers[0].provider_kb": "aws"})

    def interrupted(prompt: Prompt) -> Any:
        if prompt.key == "providers[0].provider_role":
            raise KeyboardInterrupt
        return typical(prompt)

    code, _ = run(target, interrupted)
    assert code == 130
    code, resumed = run(target, typical, resume=True)
    assert code == 0
    assert resumed.prompts[0].key == "providers[0].provider_role"
    assert "providers[0].provider_name" not in [prompt.key for prompt in resumed.prompts]
    assert load(target).assessment.providers[0].name == "AWS Sarl"


def test_declining_the_facts_asks_each_one_prefilled(tmp_path: Path) -> None:
    offered: dict[str, Any] = {}

    def script(prompt: Prompt) -> Any:
        if prompt.key.endswith("provider_kb.confirm"):
            return False
        if prompt.key.endswith("provider_name"):
            offered["name"] = prompt.default
            return "Amazon Web Services EMEA SARL"
        return _typical({"providers[0].provider_kb": "aws"})(prompt)

    target = tmp_path / "answers.yaml"
    code, _ = run(target, script)
    assert code == 0
    assert offered["name"] == "AWS Sarl"
    assert load(target).assessment.providers[0].name == "Amazon Web Services EMEA SARL"


def test_editing_enter_on_the_offer_adds_no_kb_and_keeps_the_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)
    code, prompter = run(target, press_enter)
    assert code == 0
    assert any(prompt.key.endswith("provider_kb") for prompt in prompter.prompts)
    assert target.read_bytes() == SAMPLE.read_bytes()


def test_an_answer_file_may_name_its_entry(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    text = SAMPLE.read_text(encoding="utf-8").replace("  - name: AWS Sarl\n", "  - name: AWS Sarl\n    kb: aws-sarl\n")
    assert "kb: aws-sarl" in text
    target.write_text(text, encoding="utf-8")
    assert load(target).assessment.providers[1].kb == "aws-sarl"


def test_the_typical_set_up_takes_at_most_62_prompts(tmp_path: Path) -> None:
    """A city vaccination centre on a French SaaS booking platform with a French SMS operator, both
    from the knowledge base; the user accepts the base's facts, gives the platform's HDS certificate,
    ticks the measures a customer of a SaaS puts in place (encryption, logging, the Art. 28 contracts,
    supervision of the processors) and answers the questions they lead to. Ticking backups and access
    control too adds their own questions (retention, restore tests, multi-factor). Two optional
    questions a signed DPIA needs add one prompt each: why persons of interest to foreign authorities
    are or are not in scope, and the offer to say why each screening criterion ticked applies (the annex
    prints it instead of a bare "declared"), hence 62."""
    answers = {
        "author": "Service du DPO, Ville de Lyon",
        "controller_name": "Ville de Lyon",
        "providers?": True,
        "providers[0].provider_kb": "maiia",
        "providers[0].provider_storage_countries": "FR",
        "providers[0].provider_hds": "v2_2024",
        "providers[0]+": True,
        "providers[1].provider_kb": "ovh sms",
        "providers[1].provider_storage_countries": "FR",
        "providers[1]+": False,
        "subject_count": "40 000",
        "measures:implemented": ["encryption", "logging", "processing_contracts", "supervision"],
    }

    def script(prompt: Prompt) -> Any:
        if prompt.key in answers:
            return answers[prompt.key]
        offered = press_enter(prompt)
        if prompt.kind == "text" and prompt.validate and prompt.validate(offered):
            return "Texte libre"
        return offered

    target = tmp_path / "answers.yaml"
    code, prompter = run(target, script)
    assert code == 0 and prompter.refused == []
    assessment = load(target).assessment
    assert [provider.kb for provider in assessment.providers] == ["maiia", "ovhcloud-sms"]
    assert assessment.providers[1].non_eu_affiliates is True, "the base knows OVH's Canadian subsidiary"
    assert assessment.data_subjects.scope == "local", "a city's centre: a local scope is offered"
    count = len(prompter.prompts)
    assert count <= 62, [prompt.message for prompt in prompter.prompts]
