"""The provider knowledge base (`dpia providers`): who the providers are, who controls them, their
certifications and commitments, each fact sourced and dated. See dpia.providers.knowledge."""

from __future__ import annotations

from dpia.providers.knowledge import Entry, Fact, KnowledgeBase, Source, load, shipped

__all__ = ["Entry", "Fact", "KnowledgeBase", "Source", "load", "shipped"]
