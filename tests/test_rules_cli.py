"""The `dpia score` and `dpia rules` commands, through their own parser in this process (what they print
and their exit codes; tests/test_cli.py runs the real process)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import Completed, invoke_dpia

from dpia.scoring.rules import RULES_VERSION, registry, rules_latest_date

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "doctolib-aws-2021.yaml"
RISK_IDS = ["illegitimate_access", "unwanted_modification", "disappearance", "extraterritorial_access"]


def dpia(*args: str | Path, cwd: Path) -> Completed:
    return invoke_dpia(*args, cwd=cwd, env={"COLUMNS": "160"})


def test_score_json_is_one_object_with_the_documented_keys(tmp_path: Path) -> None:
    result = dpia("score", SAMPLE, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dpia_required"] is True and data["prior_consultation"] is False
    assert data["rules_version"] == RULES_VERSION
    assert [risk["id"] for risk in data["risks"]] == RISK_IDS
    ext = data["risks"][3]
    assert ext["likelihood"] == 2 and set(ext["residual"]) == {"severity", "likelihood", "level"}
    for risk in data["risks"]:
        assert all(1 <= risk[key] <= 4 for key in ("severity", "likelihood", "level"))
        assert all(reason["rule"] in registry() and reason["text"] for reason in risk["reasons"])
    assert {"screening", "gates", "recommendations", "cross_check"} <= set(data)
    assert data["cross_check"]["formula"].startswith("p = 1 − ")


def test_score_json_is_byte_stable(tmp_path: Path) -> None:
    first = dpia("score", SAMPLE, "--json", cwd=tmp_path).stdout
    assert first == dpia("score", SAMPLE, "--json", cwd=tmp_path).stdout
    assert first == json.dumps(json.loads(first), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def test_score_table_in_french_and_english(tmp_path: Path) -> None:
    fr = dpia("score", REPO / "samples" / "doctolib-aws-no-encryption.yaml", cwd=tmp_path)
    assert fr.returncode == 0, fr.stderr
    assert "AIPD requise : Oui" in fr.stdout and "Consultation préalable de la CNIL (art. 36) : Non" in fr.stdout
    assert "3 Importante" in fr.stdout and "Mesures recommandées" in fr.stdout and "GATE-ART32-ENCRYPTION" in fr.stdout
    en = dpia("score", SAMPLE, "--lang", "en", cwd=tmp_path)
    assert en.returncode == 0, en.stderr
    assert "DPIA required: Yes" in en.stdout and "2 Limited" in en.stdout and "Probability cross-check" in en.stdout


def test_score_bad_file_gives_located_errors_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("count: 4000000", "count: many"), encoding="utf-8")
    result = dpia("score", bad, "--json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "bad.yaml:" in result.stderr and "data_subjects.count" in result.stderr
    assert "Traceback" not in result.stderr
    missing = dpia("score", tmp_path / "nowhere.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_rules_lists_every_rule(tmp_path: Path) -> None:
    result = dpia("rules", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(registry())
    assert any(line.startswith("EXT-F1 ") for line in lines)


def test_rules_id_explains_one_rule_case_insensitively(tmp_path: Path) -> None:
    result = dpia("rules", "ext-adj-evidence", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0
    rule = registry()["EXT-ADJ-EVIDENCE"]
    assert rule.text.en in result.stdout and f"Citation: {rule.citation('en', rules_latest_date())}" in result.stdout
    assert f"Rules version: {RULES_VERSION}" in result.stdout


def test_rules_id_speaks_french_by_default_and_english_on_request(tmp_path: Path) -> None:
    rule = registry()["EXT-F1"]
    fr = dpia("rules", "EXT-F1", cwd=tmp_path)
    assert fr.returncode == 0, fr.stderr
    assert rule.title.fr in fr.stdout and rule.text.fr in fr.stdout
    assert "« ne peut être totalement exclu »" in fr.stdout and "Conseil d'État" in fr.stdout
    assert (
        f"Source : {rule.citation('fr', rules_latest_date())}" in fr.stdout
        and "Effet : plancher de vraisemblance 2" in fr.stdout
    )
    assert f"Version des règles : {RULES_VERSION}" in fr.stdout
    assert "cannot be totally excluded" not in fr.stdout and "Effect:" not in fr.stdout
    en = dpia("rules", "EXT-F1", "--lang", "en", cwd=tmp_path)
    assert en.returncode == 0, en.stderr
    assert "'cannot be totally excluded'" in en.stdout and "Effect: likelihood floor 2" in en.stdout
    assert "ne peut être totalement exclu" not in en.stdout and "vraisemblance" not in en.stdout


def test_rules_list_in_both_languages(tmp_path: Path) -> None:
    fr = dpia("rules", cwd=tmp_path).stdout.splitlines()
    en = dpia("rules", "--lang", "en", cwd=tmp_path).stdout.splitlines()
    assert len(fr) == len(en) == len(registry())
    assert any(line.startswith("LIK-POINTS ") and "Les points de protection abaissent" in line for line in fr)
    assert any(line.startswith("LIK-POINTS ") and "Protection points lower the likelihood" in line for line in en)


def test_score_json_texts_are_french_by_default_and_english_on_request(tmp_path: Path) -> None:
    fr = json.loads(dpia("score", SAMPLE, "--json", cwd=tmp_path).stdout)
    en = json.loads(dpia("score", SAMPLE, "--json", "--lang", "en", cwd=tmp_path).stdout)
    assert (fr["lang"], en["lang"]) == ("fr", "en")
    levels = ("id", "severity", "likelihood", "level", "residual")
    assert [{k: r[k] for k in levels} for r in fr["risks"]] == [{k: r[k] for k in levels} for r in en["risks"]]
    for fr_risk, en_risk in zip(fr["risks"], en["risks"], strict=True):
        assert [r["rule"] for r in fr_risk["reasons"]] == [r["rule"] for r in en_risk["reasons"]]
        for fr_reason, en_reason in zip(fr_risk["reasons"], en_risk["reasons"], strict=True):
            rule = registry()[fr_reason["rule"]]
            assert fr_reason["text"].startswith(rule.title.fr) and en_reason["text"].startswith(rule.title.en)
            as_of = dt.date.fromisoformat(fr["as_of"])
            assert fr_reason["citation"] == rule.citation("fr", as_of)
            assert en_reason["citation"] == rule.citation("en", as_of)
    fr_text, en_text = json.dumps(fr, ensure_ascii=False), json.dumps(en, ensure_ascii=False)
    assert "La vraisemblance part de 4" in fr_text and "Likelihood starts at 4" not in fr_text
    assert "Likelihood starts at 4" in en_text and "La vraisemblance part de 4" not in en_text
    assert "par an" in fr["cross_check"]["formula"] and "a year" in en["cross_check"]["formula"]


def test_unknown_rule_suggests_close_ids_and_exits_2(tmp_path: Path) -> None:
    result = dpia("rules", "EXT-F9", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown rule 'EXT-F9'" in result.stderr and "EXT-F1" in result.stderr
