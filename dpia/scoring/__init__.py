"""Pure scoring: screening, the CNIL feared events and extraterritorial access.

`assess(assessment, lang="fr", as_of=None)` does no I/O (apart from reading the package's labels catalogue once)
and is deterministic (it never reads the clock): the same answers, language and as-of date give
the same findings, worded in French or English.
"""

from dpia.scoring.engine import assess
from dpia.scoring.rules import RULES_VERSION

__all__ = ["RULES_VERSION", "assess"]
