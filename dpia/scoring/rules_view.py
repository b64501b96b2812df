"""`dpia rules`: the registry as a list, one rule explained, or JSON, as of a date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import typer

from dpia.errors import InputError
from dpia.labels import Lang, label
from dpia.scoring.rules import RULES_VERSION, Rule, find_rule, markdown_table, registry, rules_latest_date
from dpia.scoring.wording import day, msg, render


def _status(rule: Rule, as_of: dt.date, lang: Lang) -> str:
    return "" if rule.in_force(as_of) else render(msg("not_in_force", date=day(rule.in_force_from)), lang)


def _rule_json(rule: Rule, lang: Lang, as_of: dt.date) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title(lang),
        "text": rule.text(lang),
        "effect": rule.effect(lang),
        "citations": [citation.json(lang) for citation in rule.citations(as_of)],
        "in_force": rule.in_force(as_of),
        "in_force_from": rule.in_force_from.isoformat(),
    }


def rules_json(lang: Lang, as_of: dt.date | None, rule_id: str | None = None) -> str:
    """`{"rules_version", "as_of", "rules": [...]}`: each rule with the citations in force on `as_of`."""
    day_ = as_of or rules_latest_date()
    rules = list(registry().values()) if rule_id is None else [_one(rule_id)]
    data = {
        "rules_version": RULES_VERSION,
        "as_of": day_.isoformat(),
        "rules": [_rule_json(rule, lang, day_) for rule in rules],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _one(rule_id: str) -> Rule:
    rule, close = find_rule(rule_id)
    if rule is None:
        hint = f"; did you mean {', '.join(close)}?" if close else "; `dpia rules` lists them"
        raise InputError.single("rules", f"unknown rule {rule_id!r}{hint}")
    return rule


def print_rules(lang: Lang, as_of: dt.date | None, markdown: bool) -> None:
    if markdown:
        typer.echo(markdown_table(lang), nl=False)
        return
    day_ = as_of or rules_latest_date()
    for rule in registry().values():
        status = _status(rule, day_, lang)
        typer.echo(f"{rule.id:<34} {rule.title(lang)}" + (f" [{status}]" if status else ""))


def print_rule(rule_id: str, lang: Lang, as_of: dt.date | None) -> None:
    rule = _one(rule_id)
    day_ = as_of or rules_latest_date()
    typer.echo(f"{rule.id}: {rule.title(lang)}\n\n{rule.text(lang)}\n")
    status = _status(rule, day_, lang)
    if status:
        typer.echo(status + "\n")
    # A rule not yet in force shows the texts it will rest on, so that the reader sees why it waits.
    cited = rule.citation(lang, day_ if not status else None)
    typer.echo(label("rule_citation", lang, "Score").format(value=cited))
    typer.echo(label("rule_effect", lang, "Score").format(value=rule.effect(lang)))
    typer.echo(label("rule_version", lang, "Score").format(value=RULES_VERSION))
