"""The wizard in a terminal: each Prompt asked through questionary, in the user's language.

Keys, the same on every prompt: `?` shows the help and asks again (it never accepts anything);
`<` goes back to the previous question (in a text answer: `<` alone, then Enter). Yes/no takes
o/y/n and echoes Oui/Non; ticked lists echo what was ticked. Above every question a line says where
the user is ("Le traitement · 4/41").
"""

from __future__ import annotations

import contextlib
import textwrap
from typing import Any

from dpia.labels import Lang
from dpia.wizard.engine import BACK, BACK_KEY, Prompt, from_title, words


class _Help:
    """Returned by a question when the user asked for help rather than answering."""


HELP = _Help()


class TerminalPrompter:
    """Questionary in a terminal (or on prompt_toolkit pipe input in tests)."""

    def __init__(self, lang: Lang, input: Any = None, output: Any = None) -> None:
        self.lang = lang
        self.io: dict[str, Any] = {key: value for key, value in (("input", input), ("output", output)) if value}
        self.output = output

    def say(self, text: str, style: str = "") -> None:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        with contextlib.suppress(OSError):  # the terminal is gone; the answers are on disk already
            print_formatted_text(FormattedText([(style, text)]), output=self.output)

    def ask(self, prompt: Prompt) -> Any:
        if prompt.progress:
            hints = f"{words('help_hint', self.lang)} · {words('back_hint', self.lang)}"  # short: 80 columns
            if prompt.kind == "complete":
                hints = f"{words('complete_hint', self.lang)} · {hints}"
            self.say(f"{prompt.progress}   ({hints})", style="fg:ansibrightblack")
        while True:
            answer = self._question(prompt).unsafe_ask()
            if isinstance(answer, str) and prompt.kind in ("text", "complete"):
                if answer.strip() == "?":
                    answer = HELP
                elif answer.strip() == BACK_KEY:
                    answer = BACK
            if isinstance(answer, _Help):
                self.say(words("help_title", self.lang))
                for line in textwrap.wrap(prompt.help, width=76) or ["-"]:
                    self.say(f"  {line}")
                continue
            if answer is BACK:
                return BACK
            self._echo(prompt, answer)
            return answer

    def _echo(self, prompt: Prompt, answer: Any) -> None:
        """The answer as the user reads it, where questionary would echo it in English."""
        if prompt.kind == "confirm":
            shown = words("answer_yes" if answer else "answer_no", self.lang)
        elif prompt.kind == "checkbox":
            titles = [title for value, title in prompt.choices if value in answer]
            shown = ", ".join(titles) if len(titles) <= 3 else words("selected", self.lang, count=len(titles))
            shown = shown or words("selected_none", self.lang)
        else:
            return
        self.say(f"? {prompt.message} {shown}", style="bold")

    def _question(self, prompt: Prompt) -> Any:
        import questionary
        from prompt_toolkit.application import get_app
        from prompt_toolkit.filters import Condition
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        lang = self.lang

        def validator(answer: Any) -> bool | str:
            if isinstance(answer, str) and answer.strip() in ("?", BACK_KEY):
                return True
            if prompt.validate is None:
                return True
            error = prompt.validate(answer)
            return True if error is None else error

        if prompt.kind == "text":
            question = questionary.text(prompt.message, default=prompt.default or "", validate=validator, **self.io)
        elif prompt.kind == "complete":
            question = questionary.autocomplete(
                prompt.message,
                choices=[title for _, title in prompt.choices],
                default=prompt.default or "",
                validate=lambda raw: validator(raw if raw.strip() in ("?", BACK_KEY) else from_title(prompt, raw)),
                match_middle=True,
                **self.io,
            )

            # The choices are shown at once: a prompt that lists nothing until one types looks frozen.
            def _open_menu() -> None:
                buffer = get_app().current_buffer
                buffer.start_completion(select_first=False)

            question.application.pre_run_callables.append(_open_menu)
        elif prompt.kind == "select":
            values = [value for value, _ in prompt.choices]
            choices = [questionary.Choice(title, value=str(index)) for index, (_, title) in enumerate(prompt.choices)]
            default = str(values.index(prompt.default)) if prompt.default in values else None
            question = questionary.select(
                prompt.message,
                choices=choices,
                default=default,
                use_shortcuts=len(choices) <= 36,
                use_jk_keys=False,
                instruction=f"({words('select_hint', lang)})",
                **self.io,
            )
        elif prompt.kind == "checkbox":
            checked = set(prompt.default or [])
            choices = [
                questionary.Choice(title, value=str(index), checked=value in checked)
                for index, (value, title) in enumerate(prompt.choices)
            ]

            def checkbox_validator(indices: list[str]) -> bool | str:
                return validator([prompt.choices[int(index)][0] for index in indices])

            question = questionary.checkbox(
                prompt.message,
                choices=choices,
                validate=checkbox_validator,
                instruction=f"({words('checkbox_hint', lang)})",
                **self.io,
            )
        else:
            yes_no = words("confirm_yes_default" if prompt.default else "confirm_no_default", lang)
            question = questionary.confirm(
                prompt.message, default=bool(prompt.default), instruction=f"({yes_no}) ", **self.io
            )

        extra = KeyBindings()
        if prompt.kind in ("select", "checkbox", "confirm"):

            @extra.add("?", eager=True)
            def _help(event: Any) -> None:
                event.app.exit(result=HELP)

            @extra.add(BACK_KEY, eager=True)
            def _back(event: Any) -> None:
                event.app.exit(result=BACK)

        elif prompt.default not in (None, ""):
            # A typed answer may hold a "?" or a "<"; but on a proposed answer left as it is, "?" asks
            # for help and "<" goes back (else they would be appended to the default: "2026-11-29?").
            shown = str(prompt.default)
            untouched = Condition(lambda: get_app().current_buffer.text == shown)

            @extra.add("?", filter=untouched, eager=True)
            def _help_on_default(event: Any) -> None:
                event.app.exit(result=HELP)

            @extra.add(BACK_KEY, filter=untouched, eager=True)
            def _back_on_default(event: Any) -> None:
                event.app.exit(result=BACK)

        if prompt.kind == "confirm":
            # questionary would echo "Yes"/"No" in English: the answer is echoed by `_echo` instead.
            question.application.erase_when_done = True
            if lang == "fr":
                # « o » pour oui, as a French speaker types it; questionary knows only y/n.
                @extra.add("o", eager=True)
                @extra.add("O", eager=True)
                def _oui(event: Any) -> None:
                    event.app.exit(result=True)

        if prompt.kind == "checkbox":
            question.application.erase_when_done = True  # "done (3 selections)" is replaced by `_echo`

        application = question.application
        application.key_bindings = merge_key_bindings([*filter(None, [application.key_bindings]), extra])
        return _Mapped(question, prompt)


class _Mapped:
    """A questionary question whose answer is translated back from choice indices to values."""

    def __init__(self, question: Any, prompt: Prompt) -> None:
        self.question, self.prompt = question, prompt

    def unsafe_ask(self) -> Any:
        answer = self.question.unsafe_ask()
        if isinstance(answer, _Help) or answer is BACK:
            return answer
        if self.prompt.kind == "select":
            return self.prompt.choices[int(answer)][0]
        if self.prompt.kind == "checkbox":
            return [self.prompt.choices[int(index)][0] for index in answer]
        if self.prompt.kind == "complete":
            if answer.strip() in ("?", BACK_KEY):
                return answer
            return from_title(self.prompt, answer)
        return answer
