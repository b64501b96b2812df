"""`dpia providers`: the knowledge base as JSON, as a list, or one entry fact by fact with its sources."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import Any

from dpia.countries import country_name
from dpia.labels import Lang, label
from dpia.providers.knowledge import Entry, KnowledgeBase


def _words(key: str, lang: Lang, **values: object) -> str:
    text = label(key, lang, group="Providers")
    return text.format(**values) if values else text


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    return value


def as_json(base: KnowledgeBase, entries: list[Entry], today: dt.date) -> str:
    """{"version", "providers": [{"id", "name", ..., "facts": {...}, "sources": [{"url", "date"}]}]}."""
    providers = []
    for entry in entries:
        facts = {
            name: {
                "value": _plain(fact.value),
                "valid_from": fact.valid_from.isoformat() if fact.valid_from else None,
                "valid_until": fact.valid_until.isoformat() if fact.valid_until else None,
                "unverified": fact.unverified,
                "sources": [{"url": source.url, "date": source.date.isoformat()} for source in fact.sources],
            }
            for name, fact in entry.facts()
        }
        providers.append(
            {
                "id": entry.id,
                "name": entry.name,
                "aliases": entry.aliases,
                "services": [service.value for service in entry.services],
                "reviewed": entry.reviewed.isoformat(),
                "stale": entry.stale_at(today),
                "facts": facts,
                "sources": [{"url": source.url, "date": source.date.isoformat()} for source in entry.sources()],
            }
        )
    return json.dumps({"version": base.version, "providers": providers}, ensure_ascii=False, indent=2) + "\n"


def shown_value(value: Any, lang: Lang) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return label(value, lang)
    if isinstance(value, list):
        if not value:
            return _words("none", lang)
        return "; ".join(_item(item, lang) for item in value)
    if isinstance(value, Enum):
        return label(value, lang)
    if isinstance(value, str) and value in ("qualified", "in_progress", "none"):
        return _words(f"secnumcloud_{value}", lang)
    if isinstance(value, str) and len(value) == 2 and value.isupper():
        return f"{value} ({country_name(value, lang)})"
    return str(value)


def _item(item: Any, lang: Lang) -> str:
    """An affiliate with its relation, or a technology licensor with what it can do."""
    if hasattr(item, "relation"):
        return f"{item.name} ({country_name(item.country, lang)}, {_words(item.relation, lang)})"
    parts = [country_name(item.country, lang), *(label(capability, lang) for capability in item.capabilities)]
    if item.operator_validates_updates:
        parts.append(_words("updates_validated", lang))
    return f"{item.name} ({', '.join(parts)})"


def as_list(base: KnowledgeBase, lang: Lang, today: dt.date) -> list[str]:
    lines = [_words("title", lang, version=base.version, count=len(base.providers))]
    for entry in base.providers:
        legal = entry.legal_name.value
        country = entry.country.value
        stale = f"  [{_words('stale', lang)}]" if entry.stale_at(today) else ""
        lines.append(f"{entry.id:<30} {entry.name} — {legal} ({country}){stale}")
    return lines


def as_detail(base: KnowledgeBase, entry: Entry, lang: Lang, today: dt.date) -> list[str]:
    lines = [f"{entry.name} ({entry.id})", _words("reviewed", lang, date=entry.reviewed.isoformat())]
    if entry.stale_at(today):
        lines.append(_words("stale_detail", lang))
    for name, fact in entry.facts():
        period = ""
        if fact.valid_from or fact.valid_until:
            period = " " + _words(
                "period",
                lang,
                start=fact.valid_from.isoformat() if fact.valid_from else "…",
                end=fact.valid_until.isoformat() if fact.valid_until else "…",
            )
        colon = " : " if lang == "fr" else ": "  # French puts a space before the colon
        if fact.value is None:
            lines.append(f"  {_words(f'fact_{name}', lang)}{colon}{_words('unknown_value', lang)}")
            continue
        lines.append(f"  {_words(f'fact_{name}', lang)}{colon}{shown_value(fact.value, lang)}{period}")
        if fact.unverified:
            lines.append(f"      {_words('unverified', lang)}")
        for source in fact.sources:
            lines.append(f"      {_words('source', lang, date=source.date.isoformat(), url=source.url)}")
    lines.append(_words("version", lang, version=base.version))
    return lines
