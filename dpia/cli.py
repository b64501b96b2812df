"""The `dpia` command line: one thin function per command (parse, call, print, exit code).

Exit codes, shared by every command: 0 ok, 1 some items failed, 2 bad input or usage.
Heavy libraries are imported inside the commands that use them, so `dpia --help` stays fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, ParamSpec

import typer

from dpia import __version__, interrupts
from dpia.errors import InputError
from dpia.outputs import refuse_inputs_as_output

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
_HANG_UP_GRACE_SECONDS = 5  # ample for saving and exiting; a wizard still alive then is stuck

P = ParamSpec("P")
ANSWER_FILE = typer.Argument(help="Answer file (.yaml, .yml or .json).", metavar="FILE", show_default=False)


def _as_of(value: str | None) -> dt.date | None:
    from dpia.scoring.asof import parse_iso_date

    try:
        return None if value is None else parse_iso_date(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


AS_OF_HELP = "Apply the law in force on this date (YYYY-MM-DD) [default: the answer file's date]."
AsOf = Annotated[dt.date | None, typer.Option("--as-of", parser=_as_of, metavar="YYYY-MM-DD", help=AS_OF_HELP)]


def _no_argument_type(self: object, ctx: object) -> None:
    return None


# typer writes an argument as "FILE <path>", a list as "FILE... <list[Path]>": the metavar says it all.
setattr(typer.core.TyperArgument, "display_type_rich", _no_argument_type)  # noqa: B010

app = typer.Typer(
    name="dpia",
    help="Write Data Protection Impact Assessments (DPIA / AIPD) for the CNIL from saved answers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: starts twice as fast as rich's, and shows "[default: …]" in a help text as written.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Language(StrEnum):
    """The languages of every output; French first, as the CNIL works in French."""

    fr = "fr"
    en = "en"


def _fail(error: InputError) -> typer.Exit:
    for problem in error.problems:
        typer.echo(str(problem), err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def command(function: Callable[P, None]) -> Callable[P, None]:
    """Register a command whose bad input becomes located lines on stderr and exit code 2."""

    @functools.wraps(function)
    def reporting(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            function(*args, **kwargs)
        except InputError as error:
            raise _fail(error) from None
        except OSError as error:  # the last line of defence: a file-system error is one line, never a traceback
            where = error.filename if error.filename is not None else function.__name__
            raise _fail(InputError.single(str(where), error.strerror or str(error))) from None

    app.command()(reporting)
    return reporting


def check_output_file(path: Path, suffix: str, hint: str = "") -> None:
    """-o names a file with the format's suffix in a folder that exists; dpia creates no folder for one file.

    A folder given as -o is left for the writer to report ("is a folder").
    """
    try:
        if path.is_dir():
            return
        folder_exists = path.parent.is_dir()
    except OSError:
        return  # a name the system refuses (too long...): the writer reports it, located
    if path.suffix.lower() != suffix:
        raise InputError.single(str(path), f"this command writes a {suffix} file; name it NAME{suffix}{hint}")
    if not folder_exists:
        raise InputError.single(str(path), f"no folder {path.parent}; create it first, or choose another -o")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dpia {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Write Data Protection Impact Assessments (DPIA / AIPD) for the CNIL from saved answers."""


@command
def wizard(
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="Answer file to write; an existing one is edited.")
    ] = Path("answers.yaml"),
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume", metavar="FILE", help="Continue an interrupted run from its first unanswered question."
        ),
    ] = None,
    lang: Annotated[Language, typer.Option("--lang", metavar="fr|en", help="Language of the questions.")] = Language.fr,
    questionnaire: Annotated[
        Path | None,
        typer.Option("--questionnaire", metavar="FILE", help="Use this questionnaire instead of the built-in one."),
    ] = None,
    section: Annotated[
        list[str] | None,
        typer.Option(
            "--section", metavar="SECTION", help="When editing: ask only this part (its id or title); repeatable."
        ),
    ] = None,
) -> None:
    """Answer the questionnaire in the terminal; every answer is saved at once, and Ctrl-C can be resumed."""
    import signal

    from dpia.wizard import run_wizard, words

    if resume is not None and output != Path("answers.yaml") and output != resume:
        typer.echo(words("resume_and_output", lang.value), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if questionnaire is not None:
        from dpia.questionnaire import load as load_questionnaire

        load_questionnaire(questionnaire)  # a broken questionnaire is reported even without a terminal
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        typer.echo(words("no_tty", lang.value), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)

    def _hang_up(signum: int, frame: object) -> None:
        # A closed terminal: stop as Ctrl-C does; the answers are already saved. Raised while the prompt
        # library runs a finaliser, the interrupt is printed and swallowed, and the wizard would wait for a
        # terminal that is gone: if it has not ended within seconds, it ends with the interruption's code.
        signal.signal(signal.SIGALRM, lambda number, frame: os._exit(interrupts.EXIT_INTERRUPTED))
        signal.alarm(_HANG_UP_GRACE_SECONDS)
        raise KeyboardInterrupt

    signal.signal(signal.SIGHUP, _hang_up)
    code = run_wizard(
        resume or output,
        lang=lang.value,
        questionnaire_path=questionnaire,
        resume=resume is not None,
        sections=section or (),
    )
    raise typer.Exit(code)


def _is_terminal(stream: IO[str] | None) -> bool:
    """A usable terminal: a stream that is there (a closed descriptor gives None), open, and a tty."""
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):
        return False  # closed


@app.command()
def validate(
    files: Annotated[
        list[Path], typer.Argument(help="Answer files (.yaml, .yml or .json).", metavar="FILE", show_default=False)
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the problems.")] = False,
) -> None:
    """Check answer files against the model; print every problem as FILE:LINE:COL: field: message."""
    # dpia.launcher runs the same function without typer for a plain `dpia validate [-q] FILE...`.
    from dpia.validation import check_files

    code = check_files(files, quiet)
    if code != EXIT_OK:
        raise typer.Exit(code)


@command
def score(
    file: Annotated[Path, ANSWER_FILE],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (see docs/scoring.md).")] = False,
    lang: Annotated[
        Language,
        typer.Option("--lang", metavar="fr|en", help="Language of the reasons, gates, recommendations and labels."),
    ] = Language.fr,
    as_of: AsOf = None,
) -> None:
    """Rate the risks: screening, the four risks (initial and residual), gates and recommendations."""
    from dpia.pipeline import Pipeline

    pipeline = Pipeline(lang.value, ("json",), as_of=as_of)
    assessed = pipeline.assess(file)
    if as_json:
        sys.stdout.buffer.write(pipeline.render(assessed, "json"))
        sys.stdout.flush()
    else:
        from dpia.scoring.output import print_table

        print_table(assessed.findings, lang.value, str(file))


@command
def build(
    file: Annotated[Path, ANSWER_FILE],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="OUT.docx", help="The .docx to write (default: FILE with the suffix .docx)."
        ),
    ] = None,
    lang: Annotated[Language, typer.Option("--lang", metavar="fr|en", help="Language of the document.")] = Language.fr,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", metavar="TEMPLATE.docx", help="A Word template of your own (see docs/template-context.md)."
        ),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF beside the .docx (needs LibreOffice).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing FILE.docx when no -o is given.")] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="FILE",
            help="The previous version's answer file: the document lists what changed since.",
        ),
    ] = None,
    as_of: AsOf = None,
    trace: Annotated[
        bool, typer.Option("--trace", help="Add a technical annex listing every scoring rule applied.")
    ] = False,
    page_numbers: Annotated[
        bool,
        typer.Option(
            "--page-numbers/--no-page-numbers",
            envvar="DPIA_PAGE_NUMBERS",
            help="Lay the document out with LibreOffice, when it is installed, to write the page numbers into "
            "its table of contents (a few seconds); without them, Word adds them when it opens the document.",
        ),
    ] = True,
) -> None:
    """Write the Word DPIA (CNIL PIA structure) from an answer file; an existing file is replaced only on success."""
    from dpia.fsutil import atomic_write_bytes
    from dpia.pipeline import Pipeline

    target = output or file.with_suffix(".docx")
    # -o out.pdf is refused rather than taken for --pdf: both files are then named on purpose.
    refuse_inputs_as_output(target, file, template, previous)
    check_output_file(target, ".docx", " (with --pdf, NAME.pdf is written beside it)")
    if output is None and target.exists() and not force:
        # A name derived from the input never silently replaces a file: -o or --force says so.
        raise InputError.single(str(target), "exists; name the output with -o, or pass --force to replace it")
    pipeline = Pipeline(
        lang.value, ("docx", "pdf") if pdf else ("docx",), template, as_of, trace=trace, previous=previous
    )
    assessed = pipeline.assess(file)
    done = {"docx": pipeline.render(assessed, "docx")}
    printed: bytes | None = None
    problem = None
    if pdf or page_numbers:
        from dpia.report.pdf import PdfError, soffice

        if pdf or soffice() is not None:
            try:
                printed = pipeline.render(assessed, "pdf", done)  # also numbers the .docx's table of contents
            except PdfError as error:
                problem = error
    atomic_write_bytes(target, done["docx"])
    typer.echo(f"wrote {target}")
    if pdf:
        pdf_target = target.with_suffix(".pdf")
        if printed is None:
            typer.echo(f"{pdf_target}: {problem}", err=True)
            raise typer.Exit(EXIT_FAILED) from None
        atomic_write_bytes(pdf_target, printed)
        typer.echo(f"wrote {pdf_target}")
    elif problem is not None:
        typer.echo(
            f"{target}: the table of contents has no page numbers (Word adds them on opening): {problem}", err=True
        )


class ExportFormat(StrEnum):
    cnil_pia = "cnil-pia"


@command
def template(
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="OUT.docx", help="Where to write the template (.docx).")
    ],
    lang: Annotated[Language, typer.Option("--lang", metavar="fr|en", help="Language of the template.")] = Language.fr,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Copy the shipped Word template, to edit in Word and use with `dpia build --template`."""
    from dpia.fsutil import atomic_write_bytes
    from dpia.report.build import default_template

    check_output_file(output, ".docx")
    if output.exists() and not force:
        raise InputError.single(str(output), "exists; pass --force to replace it")
    atomic_write_bytes(output, default_template(lang.value).read_bytes())
    typer.echo(f"wrote {output}")
    typer.echo(f"edit it in Word, then: dpia build ANSWERS.yaml --template {output}")


@command
def export(
    file: Annotated[Path, ANSWER_FILE],
    to: Annotated[
        ExportFormat,
        typer.Option(
            "--to", metavar="cnil-pia", help="Target format: cnil-pia, a file the CNIL's PIA software (v4) imports."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of standard output."),
    ] = None,
    lang: Annotated[
        Language, typer.Option("--lang", metavar="fr|en", help="Language of titles and texts.")
    ] = Language.fr,
    as_of: AsOf = None,
) -> None:
    """Export an assessment for another tool: `--to cnil-pia` gives the PIA software's import file."""
    from dpia.fsutil import atomic_write_bytes
    from dpia.pipeline import Pipeline

    if output is not None:
        refuse_inputs_as_output(output, file)
        check_output_file(output, ".json")
    pipeline = Pipeline(lang.value, (to.value,), as_of=as_of)
    data = pipeline.render(pipeline.assess(file), to.value)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write_bytes(output, data)
        typer.echo(f"wrote {output}")


@command
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier answer file.", metavar="OLD", show_default=False)],
    new: Annotated[
        Path, typer.Argument(help="The later answer file (may be the same file).", metavar="NEW", show_default=False)
    ],
    as_of_old: Annotated[
        dt.date | None,
        typer.Option("--as-of-old", parser=_as_of, metavar="YYYY-MM-DD", help="Assess OLD under the law of this date."),
    ] = None,
    as_of_new: Annotated[
        dt.date | None,
        typer.Option("--as-of-new", parser=_as_of, metavar="YYYY-MM-DD", help="Assess NEW under the law of this date."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (see docs/diff.md).")] = False,
    lang: Annotated[
        Language, typer.Option("--lang", metavar="fr|en", help="Language of the names, reasons and labels.")
    ] = Language.fr,
) -> None:
    """Compare two assessments, or one file at two dates; exit 1 if a level, a flag or a check moved, else 0."""
    from dpia.diff import compare, to_json
    from dpia.pipeline import assess_file

    result = compare(assess_file(old, lang.value, as_of_old), assess_file(new, lang.value, as_of_new), lang.value)
    if as_json:
        sys.stdout.write(to_json(result))
        sys.stdout.flush()
    else:
        from dpia.diff.terminal import print_diff

        print_diff(result)
    if result.moved:
        raise typer.Exit(EXIT_FAILED)


@command
def package(
    file: Annotated[Path, ANSWER_FILE],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FOLDER", help="Folder for the package; created when its parent exists."
        ),
    ],
    lang: Annotated[
        Language, typer.Option("--lang", metavar="fr|en", help="Language of the letter and documents.")
    ] = Language.fr,
    as_of: AsOf = None,
) -> None:
    """Prepare the file for prior consultation of the CNIL (Art. 36(3)): cover letter, DPIA (.docx, PDF),
    CNIL PIA import file and a manifest of SHA-256 fingerprints."""
    from dpia.package import check_folder, make_package, write_package
    from dpia.package.words import word
    from dpia.report.pdf import PdfError

    check_folder(output)  # before minutes of work, not after
    try:
        result = make_package(file, lang.value, as_of)
    except PdfError as error:
        typer.echo(f"{file}: {error}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    for path in write_package(result, output):
        typer.echo(word("wrote", lang.value, path=path))
    for warning in result.warnings:
        typer.echo(f"{word('warning', lang.value)}: {warning}", err=True)


def _parse_formats(value: str) -> tuple[str, ...]:
    from dpia.pipeline import BATCH_FORMATS

    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [fmt for fmt in formats if fmt not in BATCH_FORMATS]
    if unknown or not formats:
        raise typer.BadParameter(f"{', '.join(unknown) or value!r}: choose from {', '.join(BATCH_FORMATS)}")
    return formats


@command
def batch(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Answer files and folders (searched recursively).", metavar="PATH", show_default=False),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="OUTDIR", help="Folder for the documents and the summary.")
    ],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes [default: the number of cores]."),
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--formats", metavar="LIST", help="Comma-separated outputs per file: docx, json (score), cnil-pia."
        ),
    ] = "docx",
    lang: Annotated[Language, typer.Option("--lang", metavar="fr|en", help="Language of the outputs.")] = Language.fr,
    template: Annotated[
        Path | None, typer.Option("--template", metavar="TEMPLATE.docx", help="A Word template of your own.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Redo every file, even unchanged ones, and replace files in OUTDIR that dpia did not write."
        ),
    ] = False,
    previous_dir: Annotated[
        Path | None,
        typer.Option(
            "--previous-dir",
            metavar="FOLDER",
            help="Previous versions at the same relative paths: each file that has one gets FILE.diff.json "
            "and the summary's levels_moved and flags_changed columns.",
        ),
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Assess many answer files at once; write each one's outputs and a portfolio summary (CSV, Excel, PNG)."""
    import time

    from dpia.batch.display import print_report, progress_reporter
    from dpia.batch.plan import discover
    from dpia.batch.run import default_jobs, run
    from dpia.batch.work import Settings
    from dpia.resources import default_template

    settings = Settings(
        formats=_parse_formats(formats),
        lang=lang.value,
        template=template or default_template(lang.value),
        as_of=as_of,
        previous_dir=previous_dir,
    )
    started = time.perf_counter()
    total = len(discover(inputs, exclude=output))
    with progress_reporter(total) as progress:
        report = run(inputs, output, settings, jobs or default_jobs(), force=force, progress=progress)
    print_report(report, time.perf_counter() - started)
    if report.interrupted:
        typer.echo("interrupted: finished files are kept and recorded; run again to continue", err=True)
        raise typer.Exit(130)
    if report.failed:
        raise typer.Exit(EXIT_FAILED)


@command
def rules(
    rule_id: Annotated[
        str | None, typer.Argument(help="A rule id, e.g. EXT-F1; none lists them all.", metavar="ID")
    ] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the rules as a Markdown table.")] = False,
    lang: Annotated[
        Language, typer.Option("--lang", metavar="fr|en", help="Language of the rules' words.")
    ] = Language.fr,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (see docs/scoring.md).")] = False,
    as_of: Annotated[
        dt.date | None,
        typer.Option(
            "--as-of",
            parser=_as_of,
            metavar="YYYY-MM-DD",
            help="Show the law in force on this date [default: the newest date the rules know].",
        ),
    ] = None,
) -> None:
    """List the scoring rules, or explain one (its text, citations with dates, effect and the rules version)."""
    from dpia.scoring.rules_view import print_rule, print_rules, rules_json

    if as_json:
        sys.stdout.write(rules_json(lang.value, as_of, rule_id))
    elif rule_id is not None:
        print_rule(rule_id, lang.value, as_of)
    else:
        print_rules(lang.value, as_of, markdown)


@command
def providers(
    provider_id: Annotated[
        str | None,
        typer.Argument(help="An entry id (e.g. aws-sarl) or a name to look for; none lists them all.", metavar="ID"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries, facts and sources as JSON.")] = False,
    lang: Annotated[Language, typer.Option("--lang", metavar="fr|en", help="Language of the words.")] = Language.fr,
) -> None:
    """Show the provider knowledge base: each provider's entity, parent, affiliates, HDS, SecNumCloud,
    transparency and commitments, every fact with its dated sources."""
    from dpia.providers import shipped
    from dpia.providers.show import as_detail, as_list
    from dpia.providers.show import as_json as to_json

    base = shipped()
    today = dt.date.today()
    entries = base.providers
    if provider_id is not None:
        found = base.get(provider_id)
        entries = [found] if found else base.search(provider_id)[:1]
        if not entries:
            from dpia.labels import label

            close = ", ".join(entry.id for entry in base.search(provider_id[:3])) if len(provider_id) >= 3 else ""
            key = "did_you_mean" if close else "list_hint"
            hint = label(key, lang.value, "Providers").format(ids=close)
            typer.echo(label("unknown", lang.value, "Providers").format(id=provider_id, hint=hint), err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
    if as_json:
        sys.stdout.write(to_json(base, entries, today))
    elif provider_id is None:
        typer.echo("\n".join(as_list(base, lang.value, today)))
    else:
        typer.echo("\n".join(as_detail(base, entries[0], lang.value, today)))


@command
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the schema to this file instead of printing it."),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the answer-file reference as Markdown instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of answer files (for editors' YAML language servers)."""
    from dpia.fsutil import atomic_write_text

    if markdown:
        from dpia.reference import render_markdown

        text = render_markdown()
    else:
        from dpia.model import json_schema

        text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(output, text)
        typer.echo(f"wrote {output}")


def main() -> None:
    """Entry point: never lets a user see a traceback for bad input."""
    interrupts.watch()
    with interrupts.reported():
        try:
            app()
        except InputError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as error:  # help or usage text that cannot be written (a full disk behind `>`): one line
            with contextlib.suppress(OSError):
                print(f"dpia: {error.strerror or error}", file=sys.stderr)
            sys.exit(EXIT_BAD_INPUT)
