"""Fields of the answer file named in words: the question that asks them, else the catalogue.

A DPO reading a diff should see "Certification HDS", not `providers[].certifications.hds`. The
questionnaire is the one place where every field has a question in French and English; measures,
whose questions carry no text, are named by the CNIL catalogue's measure names.
"""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Any

from dpia.diff.words import word
from dpia.labels import Lang, label


@cache
def _questions() -> dict[str, dict[str, dict[str, str]]]:
    """For each generic path (`providers[].name`), the question's text and, for groups, what an item is called."""
    from dpia.questionnaire import default_path, load

    found: dict[str, dict[str, dict[str, str]]] = {}
    for asked in load(default_path()).walk():
        question = asked.question
        entry: dict[str, dict[str, str]] = {}
        if question.text is not None:
            entry["text"] = question.text.model_dump()
        if question.item is not None:
            entry["item"] = question.item.model_dump()
        found[asked.path] = entry
    return found


def _measure_words(path: str, lang: Lang) -> str | None:
    parts = path.split(".")
    if parts[0] != "measures" or len(parts) < 2:
        return None
    try:
        measure = label(parts[1], lang, "Measure")
    except KeyError:
        return None
    if len(parts) == 2:
        return measure
    if len(parts) == 3 and parts[2] in ("status", "description"):
        return word(f"measure_{parts[2]}", lang, measure=measure)
    return None


def field_words(path: str, lang: Lang) -> str:
    """The field at the generic `path` in words; the path itself when nothing names it."""
    text = _questions().get(path, {}).get("text")
    if text is not None:
        return text[lang]
    measure = _measure_words(path, lang)
    if measure is not None:
        return measure
    if lang == "en":
        from dpia.questionnaire import field_at

        try:
            description = field_at(path).description
        except KeyError:
            description = None
        if description:
            return description.split(". ")[0].rstrip(".")
    return path


def item_words(list_path: str, key: str, lang: Lang) -> str:
    """One item of a list of the answer file, e.g. « Prestataire « AWS Sarl » »."""
    kind = _questions().get(list_path, {}).get("item")
    return word("item", lang, kind=kind[lang] if kind else list_path, name=key)


def value_words(path: str, value: Any, lang: Lang) -> str:
    """A value as the reader knows it: enumeration labels, yes/no, lists joined; absent as '(absent)'."""
    if value is None:
        return word("absent", lang)
    if isinstance(value, bool):
        return label(value, lang)
    if isinstance(value, list):
        return ", ".join(value_words(path, item, lang) for item in value) or "—"
    enum = _enum_at(path)
    if enum is not None and isinstance(value, str):
        try:
            return label(enum(value), lang)
        except (KeyError, ValueError):
            return value
    return str(value)


@cache
def _enum_at(path: str) -> type[Enum] | None:
    from dpia.questionnaire import field_at, shape_of

    try:
        return shape_of(field_at(path)).enum
    except KeyError:
        return None
