"""The rules as reviewed data: schema, dates, citations, digest and one worked example per rule."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from rule_examples import fired, score_example

from dpia.answers import load
from dpia.scoring import assess
from dpia.scoring.ruledata import RuleBook, rulebook
from dpia.scoring.rules import RULES_VERSION, digest, registry, rules_latest_date

REPO = Path(__file__).resolve().parents[1]
DOCTOLIB = REPO / "samples" / "doctolib-aws-2021.yaml"
LATER = dt.date(2026, 12, 1)


def dpia(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dpia", *args], capture_output=True, text=True, check=False)


# --- the digest and the version ---------------------------------------------------------------------


def test_the_digest_is_recorded_for_the_current_version() -> None:
    versions = rulebook().versions
    assert versions[-1].version == RULES_VERSION
    assert digest() == versions[-1].digest, (
        f"the rules changed: add a version to dpia/scoring/data/versions.yaml with digest {digest()}"
    )


def test_every_version_and_digest_appears_once() -> None:
    versions = rulebook().versions
    assert len({v.version for v in versions}) == len(versions)
    assert len({v.digest for v in versions}) == len(versions), "a new version needs new content"


def _mutations(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """One small change per leaf of the tables: every number, string and list is covered."""
    if isinstance(value, dict):
        return [m for key, item in value.items() for m in _mutations(item, f"{path}.{key}")]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return [(path, [*value, "changed"])]
    if isinstance(value, list):
        return [m for index, item in enumerate(value) for m in _mutations(item, f"{path}.{index}")]
    if isinstance(value, bool):
        return [(path, not value)]
    if isinstance(value, int | float):
        return [(path, value + 1)]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return [(path, (dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat())]
    return [(path, f"{value} changed")]


def _set(data: Any, path: str, value: Any) -> Any:
    """Put `value` at `path` and return what was there."""
    *parents, last = path.strip(".").split(".")
    for part in parents:
        data = data[int(part)] if isinstance(data, list) else data[part]
    key = int(last) if isinstance(data, list) else last
    old = data[key]
    data[key] = value
    return old


@pytest.mark.parametrize("part", ["tables", "sources"])
def test_any_change_to_a_table_or_a_source_moves_the_digest(part: str) -> None:
    book = rulebook()
    original = book.digest()
    raw = book.model_dump(mode="json")
    changes = _mutations(raw[part], "")
    assert len(changes) > 50
    for path, value in changes:
        # One change at a time, put back after: validation copies what it reads, so `raw` can be reused.
        old = _set(raw[part], path, value)
        try:
            changed = RuleBook.model_validate(raw)
        except ValidationError:
            continue  # the schema refuses this change at load: it cannot slip through either
        finally:
            _set(raw[part], path, old)
        assert changed.digest() != original, f"{part}{path} is not in the digest"
    assert RuleBook.model_validate(raw).digest() == original  # every change was put back


def test_the_digest_covers_the_named_tables() -> None:
    tables = rulebook().model_dump(mode="json")["tables"]
    for name in ("severity_raising_groups", "health_proper", "care_inferring", "highly_personal", "direct_identifiers"):
        assert name in tables
    assert "interest_factor" in tables["cross_check"]


# --- citations and dates ----------------------------------------------------------------------------


def test_every_rule_cites_at_least_one_dated_public_text() -> None:
    for rule_id, rule in registry().items():
        assert rule.all_citations, rule_id
        for citation in rule.all_citations:
            for lang in ("fr", "en"):
                text = citation.text(lang)
                # A repository path, a method's own name or a command is never a citation.
                assert not re.search(r"docs/|\.md\b|EXT-ACCESS|`|dpia ", text), (rule_id, text)
            assert isinstance(citation.date, dt.date)


def test_rules_json_lists_every_rule_with_dated_citations() -> None:
    result = dpia("rules", "--json", "--lang", "en")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rules_version"] == RULES_VERSION
    assert [rule["id"] for rule in data["rules"]] == list(registry())
    for rule in data["rules"]:
        assert rule["text"] and rule["citations"], rule["id"]
        for citation in rule["citations"]:
            assert citation["text"] and dt.date.fromisoformat(citation["date"])


def test_rules_as_of_2021_shows_later_rules_as_not_yet_in_force() -> None:
    data = json.loads(dpia("rules", "--json", "--as-of", "2021-03-12").stdout)
    by_id = {rule["id"]: rule for rule in data["rules"]}
    for rule_id in ("GATE-SECNUMCLOUD", "GATE-EXI28", "GATE-EXI30"):
        assert by_id[rule_id]["in_force"] is False and by_id[rule_id]["citations"] == []
    listing = dpia("rules", "--as-of", "2021-03-12", "--lang", "en").stdout
    line = next(line for line in listing.splitlines() if line.startswith("GATE-SECNUMCLOUD "))
    assert "not yet in force" in line and "23 May 2024" in line
    for rule in data["rules"]:
        assert all(citation["date"] <= "2021-03-12" for citation in rule["citations"]), rule["id"]


def _all_citations(findings: Any) -> list[str]:
    reasons = [c.date for risk in findings.risks for reason in risk.reasons for c in reason.citations]
    return reasons


def test_doctolib_2021_cites_only_texts_of_2021_or_earlier() -> None:
    findings = assess(load(DOCTOLIB).assessment)
    dates = _all_citations(findings)
    assert dates and max(dates) <= "2021-03-12"
    texts = [
        *(reason.citation for risk in findings.risks for reason in risk.reasons),
        *(gate.citation for gate in findings.gates),
        *(criterion.citation for criterion in findings.screening.criteria),
    ]
    joined = " ".join(texts)
    for later in ("2024", "2025", "2026", "05/2021", "v2.0 (18", "Lindenapotheke", "SREN", "HDS v2"):
        assert later not in joined, later


def test_doctolib_reassessed_in_2026_cites_todays_law_and_fails_hds_v1() -> None:
    findings = assess(load(DOCTOLIB).assessment, "en", LATER)
    hds = [gate for gate in findings.gates if gate.id == "GATE-HDS"]
    assert hds and all(gate.status.value == "fail" for gate in hds)
    assert all("16 May 2026" in gate.text for gate in hds)
    assert "HDS certification scheme v2" in hds[0].citation
    earlier = assess(load(DOCTOLIB).assessment, "en")
    assert all(gate.status.value == "pass" for gate in earlier.gates if gate.id == "GATE-HDS")


def test_the_draft_date_is_the_newest_date_the_rules_know() -> None:
    book = rulebook()
    newest = max(
        day for s in book.sources.values() for day in (s.date, s.in_force_from, s.in_force_until) if day is not None
    )
    assert rules_latest_date() == newest


# --- worked examples --------------------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", list(registry()))
def test_each_rule_fires_in_its_worked_example(rule_id: str) -> None:
    data = next(rule for rule in rulebook().rules if rule.id == rule_id)
    assert data.example is not None, f"{rule_id} has no worked example in rules.yaml"
    findings = score_example(data.example)
    assert rule_id in fired(findings), f"{rule_id} does not fire in its example"


def test_the_digest_does_not_depend_on_the_process() -> None:
    code = "from dpia.scoring.rules import digest; print(digest())"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert seen == {digest() + "\n"}
