"""Generate docs/template-context.md, the reference of the variables a Word template can use.

Run `python -m dpia.report.docs docs/template-context.md` after changing dpia/report/context.py;
a test fails when the committed file and the code disagree.
"""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path

from pydantic import BaseModel

from dpia.fsutil import atomic_write_text
from dpia.report.context import DocumentContext

INTRODUCTION = """\
# Template context

Generated from `dpia/report/context.py` by `python -m dpia.report.docs docs/template-context.md`;
do not edit by hand.

`dpia build FILE --template MY.docx` fills a Word template of your own with the variables below.
Start from `templates/dpia-fr.docx` or `templates/dpia-en.docx` and edit it in Word. Tags follow
[docxtpl](https://docxtpl.readthedocs.io/):

- `{{ processing.name }}` prints a value; values are already worded in the document's language.
- `{%p for item in data %}` … `{%p endfor %}`: a loop over paragraphs; each `{%p %}` tag stands
  alone in its own paragraph. `{%tr for … %}` / `{%tr endfor %}` repeat a table row, alone in
  their own rows. `{%p if transfers %}` … `{%p else %}` … `{%p endif %}` likewise.
- `{% cellbg risk_map.rows[0].cells[0].fill %}` at the start of a table cell shades the cell.
- A line break in a value (the `impacts`, `threats`, `measures` lists) becomes a line break in Word.

After rendering, dpia finishes the body. A TOC field's result becomes one entry per Heading 1 and 2,
with its page number when LibreOffice lays the document out (`dpia build` when it is installed,
`--pdf`). Each table's columns are fitted to what they hold, within the table's width: short values
on one line, text wide, no column narrower than its longest word. A table with a row of fixed
height (like the risk map) or with merged cells keeps the widths you gave it.

Values are escaped: an answer containing `<`, `&` or `{{ }}` appears as typed and is never run as
template code. Templates run in Jinja's sandbox. A tag naming a variable that does not exist below
stops the build with the tag and the paragraph where it stands (exit code 2); it never prints blank.

"To be completed" / "À compléter" stands for an answer the document needs and the file leaves out:
the document is then a draft (`document.draft`, « PROJET » / "DRAFT" in the page header) and
`missing` lists each such answer by its field. "Not applicable" / "Sans objet" stands for an answer
that does not apply; "none" / "Aucun" for an empty list.

## Versions of the context

`context_version` tells a template which context it gets.

- **2.5**: the shipped templates report each risk as the CNIL method does, by its pair of severity and
  likelihood and whether it is high under the Art. 36 rule, and no longer print a combined level.
  Added `method.high_grid`, the grid of that rule (severity 4 on the top row, likelihood across a
  header row, the axes named in its `corner`), read from the scoring's own test, with a `caption`
  citing the rule's sources in force at the as-of date; `high` and `high_label` on each risk's
  `initial` and `residual`; `high_change` on each risk ('Non → Non'); and `severity`, `likelihood`,
  `high`, `high_label` on each of `summary.risks`. Every earlier field is kept: `level`,
  `level_change`, `summary.risks[].initial` / `residual` and `method.matrix` still give the
  scoring's combined level, which the CNIL method does not define. `changes.levels` lists the
  moves of severity and likelihood only (the combined level's moves stay in `dpia diff`).
- **2.4**: added `no_transfers_text`, section 2.2's sentence when `transfers` is empty: no transfer
  outside the EEA is declared, and, when some sub-processors are not identified, for the identified
  providers only, naming those it does not cover as the rest of the document does.
- **2.3**: added `method.matrix`, the grid that gives each risk its level from its severity and
  likelihood, read from the scoring's table (severity 4 on the top row, as on the risk map), with
  the cells the Art. 36 rule holds high (`high`, `fill`) and a `caption` citing its sources in
  force at the as-of date.
- **2.2**: each of `proposed_actions` carries the controller's decision on it (`key`, `decided`,
  `retained`, `decision`, `owner`, `due`, `reason`, `decision_text`, `dpo_requested`), from the answer
  file's `validation.actions`; `validation.dpo_opinion_followed` reads "Yes" only when every action the
  DPO's opinion asks for is retained, and `validation.dpo_requests` / `dpo_requests_text` say how they
  were decided; `validation.signatory` and `processing.dpo.person` give the names, or a blank to fill
  in by hand; `subjects_views.planned` gives a consultation planned for later. The risk map marks a
  risk the planned measures move « (A) » then « [A] », and one they do not move once, as its bare letter « A »
  (`risk_map.rows[].cells[].unchanged`), so it reads in black and white; `risk_map.reading` explains
  the marks in the method's terms and `risk_map.legend_text` gives the legend in one paragraph.
  `method.rules_applied` states the scoring rules in their state at the as-of date, with the tool's
  rule-set identifier.
- **2.1**: added `extraterritorial.law`: access by third-country authorities (GDPR Art. 48), provider
  by provider, with the dated laws that allow it and the safeguards recorded, for the transfers
  section. `proposed_actions` titles are sentences (verb, object, purpose); the executive summary's
  `findings` state the foreign-access finding.
- **2.0**: added `context_version`, `missing`, `summary` (executive summary), `method`,
  `necessity` (per data item: why needed, why that long; alternatives), `proposed_actions`,
  `validation` (the controller's decision, Art. 35(11) review date), `history` (version table),
  `trace`, `document.draft` / `status` / `header` / `version`, `subjects_views.followed` and
  `screening.criteria_not_met`. Severity and likelihood justifications are now prose drawn from
  the answers in the CNIL's scale wording; `rules` (the rule trace) is empty unless the document
  is built with `dpia build --trace`. Dates, numbers and durations are written by Babel
  ("3 mois", "12 mars 2021", "4 000 000"); a missing answer reads "À compléter" instead of
  "Non renseigné". The table of contents is filled when the document is rendered.
- **1.0**: the first context.
"""


def _describe(annotation: object) -> tuple[str, type[BaseModel] | None]:
    """A readable type name, and the model to document below it if there is one."""
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        name, model = _describe(item)
        return f"list of {name}", model
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__, annotation
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(arg)[0] for arg in typing.get_args(annotation)), None
    return {str: "text", int: "number", bool: "true/false", float: "number"}.get(annotation, str(annotation)), None  # type: ignore[call-overload]


def _rows(model: type[BaseModel], prefix: str, lines: list[str]) -> None:
    for name, field in model.model_fields.items():
        type_name, nested = _describe(field.annotation)
        path = f"{prefix}{name}"
        lines.append(f"| `{path}` | {type_name} | {field.description or ''} |")
        if nested is not None:
            item_prefix = f"{path}[]." if type_name.startswith("list of") else f"{path}."
            _rows(nested, item_prefix, lines)


def generate() -> str:
    lines = [INTRODUCTION]
    for name, field in DocumentContext.model_fields.items():
        type_name, nested = _describe(field.annotation)
        lines += [f"## `{name}`", "", f"{field.description} ({type_name})", ""]
        if nested is not None:
            lines += ["| Variable | Type | Description |", "|---|---|---|"]
            _rows(nested, f"{name}[]." if type_name.startswith("list of") else f"{name}.", lines)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = generate()
    if argv:
        atomic_write_text(Path(argv[0]), text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
