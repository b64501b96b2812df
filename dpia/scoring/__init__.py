"""Pure scoring: screening, the CNIL feared events and extraterritorial access.

`assess` does no I/O and is deterministic: the same answers give the same findings.
"""

from dpia.scoring.engine import assess
from dpia.scoring.rules import RULES_VERSION

__all__ = ["RULES_VERSION", "assess"]
