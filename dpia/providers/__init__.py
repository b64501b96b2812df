"""The provider knowledge base (`dpia providers`): who the providers are, who controls them, their
certifications and commitments, each fact sourced and dated. See dpia.providers.knowledge.

The base's classes are loaded on first use: `dpia.providers.ids`, which the model uses to check an
answer file's `kb` ids, must not build them, so that `dpia validate` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dpia.providers.knowledge import Entry, Fact, KnowledgeBase, Source, load, shipped

__all__ = ["Entry", "Fact", "KnowledgeBase", "Source", "load", "shipped"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from dpia.providers import knowledge

        return getattr(knowledge, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
