"""The interactive wizard: `dpia wizard` asks the questionnaire's questions and writes an answer file.

- dpia.wizard.engine: the question flow (answers, navigation, saving), driven through a Prompter;
- dpia.wizard.terminal: the questionary front end;
- dpia.wizard.friendly: typed answers read as the model wants them, its objections in the user's language;
- dpia.wizard.run: a whole run (the file checks, the summary, the offer to build).
"""

from __future__ import annotations

from dpia.wizard.engine import BACK, Prompt, Prompter, Wizard, get, press_enter, progress_path, words
from dpia.wizard.run import build_available, risk_summary, run_wizard

__all__ = [
    "BACK",
    "Prompt",
    "Prompter",
    "Wizard",
    "build_available",
    "get",
    "press_enter",
    "progress_path",
    "risk_summary",
    "run_wizard",
    "words",
]
