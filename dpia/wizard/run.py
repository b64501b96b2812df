"""A whole `dpia wizard` run: check the target file, walk the questionnaire, save, summarise, offer to build."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dpia.answers import save
from dpia.errors import InputError
from dpia.labels import Lang, label
from dpia.model import Assessment
from dpia.wizard.engine import Abandoned, Progress, Prompt, Prompter, Wizard, builtin, progress_path, words


def risk_summary(assessment: Assessment, lang: Lang) -> list[str] | None:
    """The risk levels as a few lines, or None while this version has no scoring."""
    try:
        from dpia.scoring import assess
    except ImportError:
        return None
    findings = assess(assessment, lang)
    lines = [words("dpia_required", lang, value=label(findings.dpia_required, lang))]
    for risk in findings.risks:
        lines.append(
            "  "
            + words(
                "risk_line",
                lang,
                risk=label(risk.id, lang),
                initial=label(risk.initial.level, lang),
                residual=label(risk.residual.level, lang),
            )
        )
    lines.append(words("prior_consultation", lang, value=label(findings.prior_consultation, lang)))
    return lines


def build_available() -> bool:
    """Whether this installation can write the Word document (`dpia build`)."""
    from dpia.pipeline import FORMATS

    return "docx" in FORMATS


def finish(wizard: Wizard, assessment: Assessment) -> bool:
    """Write the validated answers in their final form and drop the progress file.

    A run that changed nothing leaves the file as it was (its layout and comments included): False."""
    if not wizard.written and not wizard.changed:
        return False
    save(assessment, wizard.target)
    progress_path(wizard.target).unlink(missing_ok=True)
    return True


def _has_comments(text: str) -> bool:
    """Whether a YAML text holds comments (a '#' that starts a line or follows a blank), roughly but safely:
    a false alarm only costs the user one question."""
    return any(line.lstrip().startswith("#") or " #" in line for line in text.splitlines())


def check_target(target: Path, lang: Lang) -> tuple[dict[str, Any], bool]:
    """The answers an existing file holds, and whether it has comments; InputError (exit 2), the file
    untouched, for a file that is not an answer file or that cannot be replaced."""
    from dpia.answers import read_answers

    content = read_answers(target)[0]
    fields = set(Assessment.model_fields)
    unknown = sorted(str(key) for key in content) if isinstance(content, dict) else []
    unknown = [key for key in unknown if key not in fields]
    if not isinstance(content, dict) or not content or unknown:
        keys = ", ".join(unknown[:5]) or "-"
        raise InputError.single(str(target), words("not_an_answer_file", lang, path=target, keys=keys), 1, 1)
    # The owner's write bit as well as access(): an administrator may write anything, but a file someone
    # made read-only says it is not to be replaced.
    if not os.access(target, os.W_OK) or not target.stat().st_mode & stat.S_IWUSR:
        raise InputError.single(str(target), words("read_only", lang, path=target))
    text = target.read_text(encoding="utf-8", errors="replace") if target.suffix.lower() != ".json" else ""
    return builtin(content), _has_comments(text)


def _section_ids(wizard: Wizard) -> list[str]:
    return [section.id for section in wizard.questionnaire.file.sections]


def choose_sections(wizard: Wizard, names: Sequence[str]) -> None:
    """Ask only the sections named (by id or title), or offer the menu of sections when editing."""
    sections = wizard.questionnaire.file.sections
    if names:
        chosen = []
        for name in names:
            found = [
                section.id
                for section in sections
                if name.casefold() in (section.id.casefold(), section.title(wizard.lang).casefold())
            ]
            if not found:
                listing = ", ".join(_section_ids(wizard))
                raise InputError.single(
                    str(wizard.target), words("unknown_section", wizard.lang, name=name, names=listing)
                )
            chosen += found
        wizard.sections = set(chosen)
        return
    if not wizard.editing:
        return
    choices: list[tuple[Any, str]] = [(None, words("section_all", wizard.lang))]
    choices += [(section.id, section.title(wizard.lang)) for section in sections]
    answer = wizard.prompter.ask(
        Prompt("select", words("section_menu", wizard.lang), words("section_menu_help", wizard.lang), None, choices)
    )
    wizard.sections = {answer} if isinstance(answer, str) else None


def _recorded_questionnaire(recorded: str, target: Path, lang: Lang) -> Path | None:
    """The questionnaire a resumed run continues with: the built-in one, or one the user names again.

    The progress file beside the answers is plain JSON anyone who can write that folder can edit:
    a path in it is never opened on its own authority. A built-in questionnaire (even one that has
    moved since, after a reinstall) resumes as the current built-in one; any other asks for
    `--questionnaire` on the command line.
    """
    from dpia.questionnaire import default_path

    path = Path(recorded)
    if path.is_absolute() and path.resolve().parent == default_path().parent.resolve() and path.is_file():
        return path.resolve()
    if path.name == default_path().name:
        return None  # the built-in questionnaire, moved by a reinstall: the current one is used
    raise InputError.single(str(target), words("resume_other_questionnaire", lang, path=target, questionnaire=recorded))


def run_wizard(
    target: Path,
    *,
    lang: Lang = "fr",
    questionnaire_path: Path | None = None,
    resume: bool = False,
    sections: Sequence[str] = (),
    input: Any = None,
    output: Any = None,
    prompter: Prompter | None = None,
    offer_build: bool = True,
) -> int:
    """The whole `dpia wizard` run; returns the exit code. Bad files raise InputError (exit 2)."""
    from dpia.questionnaire import default_path, load

    answered: list[str] = []
    if resume:
        progress = Progress.read(target)
        if progress is None or not target.exists():
            message = words("not_resumable", lang, path=target, progress=progress_path(target).name)
            raise InputError.single(str(target), message)
        answered = progress.answered
        questionnaire_path = questionnaire_path or _recorded_questionnaire(progress.questionnaire, target, lang)
    questionnaire = load(questionnaire_path or default_path())
    data: dict[str, Any] = {}
    editing = target.exists()
    comments = False
    if editing:
        data, comments = check_target(target, lang)
    if prompter is None:
        from dpia.wizard.terminal import TerminalPrompter

        prompter = TerminalPrompter(lang, input=input, output=output)
    wizard = Wizard(
        questionnaire,
        target,
        lang,
        prompter,
        data,
        answered,
        editing=editing and not resume,
        warn_comments=comments and not resume,
        written=resume,
    )
    prompter.say(words("start", lang, title=questionnaire.file.title(lang)))
    prompter.say(words("keys_hint", lang))
    try:
        if resume:
            prompter.say(words("resuming", lang))
        else:
            choose_sections(wizard, sections)
            if editing:
                prompter.say(words("editing", lang))
        assessment = wizard.run()
    except Abandoned:
        prompter.say(words("abandoned", lang, path=target))
        return 1
    except (KeyboardInterrupt, EOFError):
        prompter.say("")
        if wizard.written:
            prompter.say(words("interrupted", lang, path=target))
            prompter.say(words("resume_hint", lang, path=target))
        else:
            prompter.say(words("unchanged", lang, path=target) if editing else words("nothing_saved", lang))
        return 130
    prompter.say("")
    if finish(wizard, assessment):
        prompter.say(words("saved", lang, path=target))
    else:
        prompter.say(words("unchanged", lang, path=target))
    _summary(prompter, assessment, lang, target)
    if offer_build:
        try:
            _offer_build(prompter, lang, target)
        except (KeyboardInterrupt, EOFError):
            prompter.say(words("build_hint", lang, path=target))
    return 0


def _summary(prompter: Prompter, assessment: Assessment, lang: Lang, target: Path) -> None:
    lines = risk_summary(assessment, lang)
    if lines is None:
        prompter.say(words("summary_unavailable", lang, path=target))
        return
    prompter.say("")
    prompter.say(words("summary_title", lang))
    for line in lines:
        prompter.say(line)


def _offer_build(prompter: Prompter, lang: Lang, target: Path) -> None:
    import subprocess
    import sys

    if not build_available():
        prompter.say(words("build_unavailable", lang))
        return
    if not prompter.ask(Prompt("confirm", words("build_offer", lang), words("build_hint", lang, path=target), True)):
        prompter.say(words("build_hint", lang, path=target))
        return
    # The same command a user would type, so the wizard builds exactly what `dpia build` builds;
    # the user has just said yes to the document, so an earlier one is replaced (--force).
    document = target.with_suffix(".docx")
    result = subprocess.run(
        [sys.executable, "-m", "dpia", "build", str(target), "--lang", lang, "--force", "-o", str(document)],
        capture_output=True,
        text=True,
    )
    if result.returncode == 0 and document.exists():
        prompter.say(words("built", lang, path=document))
        return
    prompter.say(words("build_failed", lang))
    for line in (result.stdout + result.stderr).splitlines():
        prompter.say(line)
