"""The score as JSON (`dpia score --json`, batch `.score.json`) and as a terminal table.

The JSON format is documented in docs/scoring.md. Keys are sorted and lists keep the findings' order,
so the same answers always give the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from dpia.scoring.findings import Findings, Levels, Risk

JSON_FORMAT_VERSION = "1"


def _levels(levels: Levels) -> dict[str, int]:
    return {"severity": int(levels.severity), "likelihood": int(levels.likelihood), "level": int(levels.level)}


def _risk(risk: Risk) -> dict[str, Any]:
    return {
        "id": risk.id.value,
        **_levels(risk.initial),
        "residual": _levels(risk.residual),
        "reasons": [reason.model_dump(mode="json") for reason in risk.reasons],
        "impacts": list(risk.impacts),
        "threats": list(risk.threats),
        "sources": list(risk.sources),
        "measures": list(risk.measures),
        "retained": list(risk.retained),
        "severity_justification": risk.severity_justification,
        "likelihood_justification": risk.likelihood_justification,
    }


def to_dict(findings: Findings) -> dict[str, Any]:
    cross = findings.cross_check
    return {
        "format": JSON_FORMAT_VERSION,
        "rules_version": findings.rules_version,
        "as_of": findings.as_of.isoformat(),
        "as_of_basis": findings.as_of_basis,
        "lang": findings.lang,
        "dpia_required": findings.dpia_required,
        "prior_consultation": findings.prior_consultation,
        "no_go": findings.no_go,
        "screening": findings.screening.model_dump(mode="json"),
        "risks": [_risk(risk) for risk in findings.risks],
        "gates": [gate.model_dump(mode="json") for gate in findings.gates],
        "recommendations": [
            {
                "measure": rec.measure,
                "risk": rec.risk.value,
                "before": _levels(rec.before),
                "after": _levels(rec.after),
                "gain": rec.gain,
                "text": rec.text,
            }
            for rec in findings.recommendations
        ],
        "cross_check": None if cross is None else {**cross.model_dump(mode="json"), "band": int(cross.band)},
    }


def to_json(findings: Findings) -> str:
    """One JSON object, keys sorted, ending with a newline."""
    return json.dumps(to_dict(findings), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


# Colours for the terminal only (rich prints none when the output is not one, or with NO_COLOR).
LEVEL_STYLES = {1: "green", 2: "yellow", 3: "dark_orange", 4: "bold red"}
STATUS_STYLES = {"pass": "green", "partial": "yellow", "review": "yellow", "fail": "bold red", "not_applicable": "dim"}


def print_table(findings: Findings, lang: str = "fr", source: str = "") -> None:
    """A readable summary on the terminal: screening, the four risks, gates, recommendations."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from dpia.labels import label
    from dpia.printable import printable

    lg: Any = lang

    def t(key: str, **values: object) -> str:
        return label(key, lg, "Score").format(**values)

    def lvl(value: int) -> Text:
        return Text(f"{int(value)} {label(int(value), lg, 'Level')}", style=LEVEL_STYLES.get(int(value), ""))

    # Names, texts and paths come from the answers: printed as they are, never read as rich markup
    # or emoji codes (":100:" stays ":100:"); only the styles set here colour anything.
    console = Console(highlight=False, soft_wrap=False, markup=False, emoji=False)
    console.print(
        Text.assemble((t("title"), "bold"), f" {printable(source)}  ({t('rules', version=findings.rules_version)})")
    )
    console.print(t("dpia_required", value=label(findings.dpia_required, lg)))
    prior_style = "bold red" if findings.prior_consultation else "green"
    console.print(Text(t("prior_consultation", value=label(findings.prior_consultation, lg)), style=prior_style))
    from dpia.scoring.engine import high as is_high

    high = [risk for risk in findings.risks if is_high(risk.residual)]
    if high:
        named = ", ".join(
            f"{label(risk.id, lg)} ({int(risk.residual.severity)}/{int(risk.residual.likelihood)})" for risk in high
        )
        console.print(t("prior_because", risks=named), soft_wrap=True)  # one line, whatever its length
    else:
        console.print(t("prior_none_high"))
    if findings.no_go:
        console.print(Text(t("no_go"), style="bold red"))
    met = [criterion.text for criterion in findings.screening.criteria if criterion.met]
    console.print(t("criteria", value="" if met else "—").rstrip())
    for text in met:
        console.print(f"  - {text}")

    table = Table(title=t("risks"))
    for key in ("risk", "severity", "likelihood", "level", "residual"):
        table.add_column(t(key))
    for risk in findings.risks:
        r = risk.residual
        residual = Text(f"{int(r.severity)}/{int(r.likelihood)} → ")
        residual.append_text(lvl(r.level))
        table.add_row(
            label(risk.id, lg),
            lvl(risk.initial.severity),
            lvl(risk.initial.likelihood),
            lvl(risk.initial.level),
            residual,
        )
    console.print(table)

    cc = findings.cross_check
    if cc is not None:
        agreement = t("agrees") if cc.agrees else t("disagrees")
        console.print(t("cross_check", formula=cc.formula, band=lvl(cc.band).plain, agreement=agreement))

    if findings.gates:
        gates = Table(title=t("gates"))
        for key in ("rule", "status", "finding"):
            gates.add_column(t(key))
        for gate in findings.gates:
            status = Text(label(gate.status.value, lg, "GateStatus"), style=STATUS_STYLES.get(gate.status.value, ""))
            gates.add_row(gate.id, status, Text(gate.text))
        console.print(gates)

    if not findings.recommendations:
        console.print(t("no_recommendation"))
        return
    recs = Table(title=t("recommendations"))
    for key in ("measure", "risk", "before_after", "how"):
        recs.add_column(t(key))
    for rec in findings.recommendations:
        change = Text.assemble(lvl(rec.before.level), " → ", lvl(rec.after.level))
        if rec.gain == 0:
            change.append(
                " (" + t("likelihood_change", before=int(rec.before.likelihood), after=int(rec.after.likelihood)) + ")"
            )
        recs.add_row(label(rec.measure, lg, "Measure"), label(rec.risk, lg), change, Text(rec.text))
    console.print(recs)
