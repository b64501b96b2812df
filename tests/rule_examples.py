"""Worked examples of the rules: a sample answer file, changed by dotted paths, scored as of a date."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from dpia.model import Assessment
from dpia.scoring import assess
from dpia.scoring.findings import Findings
from dpia.scoring.ruledata import Example

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _set(data: Any, path: str, value: Any) -> None:
    """Set `a.b.0.c` in nested dicts and lists; a missing dict key is created."""
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if isinstance(node, list):
        node[int(last)] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


def example_answers(example: Example) -> dict[str, Any]:
    data = yaml.safe_load((SAMPLES / example.sample).read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    for path, value in example.set.items():
        _set(data, path, value)
    return data


def score_example(example: Example) -> Findings:
    assessment = Assessment.model_validate(example_answers(example))
    return assess(assessment, "en", example.as_of)


def fired(findings: Findings) -> set[str]:
    """The rules that fired: reasons of every risk, gates reported, screening criteria met."""
    ids = {reason.rule for risk in findings.risks for reason in risk.reasons}
    ids |= {gate.id for gate in findings.gates}
    ids |= {criterion.id for criterion in findings.screening.criteria if criterion.met}
    if findings.prior_consultation:
        ids.add("LVL-ART36")
    if findings.cross_check is not None:
        ids.add("EXT-CROSS-CHECK")
    if any(risk.residual != risk.initial for risk in findings.risks):
        ids.add("LVL-RESIDUAL")
    return ids
