"""The `dpia` command's entry point.

A plain `dpia validate [-q] FILE...`, which editors and pre-commit hooks run on every save, is
answered by dpia.validation without loading the command-line framework (typer), whose import and
set-up cost more than the check itself. Every other command line goes to dpia.cli.

Pydantic plugins are turned off for the whole command. Pydantic loads every plugin installed in the
environment (entry-point group "pydantic") and hands it each answer file as it is validated: an
observability plugin installed for another tool would see, and could send away, what an assessment
describes. Looking for plugins also reads the metadata of every installed package at each start.
dpia uses none. Even with plugins off, pydantic's plugin loader imports importlib.metadata (and with
it email, zipfile and csv) to be ready for the scan: about a tenth of a plain validate's start. The
command puts in its place a loader that finds no plugin, which is what the switch asks for anyway.

Start-up is most of a short command's time, so two costs that buy nothing are avoided:
- Garbage collection is off while the modules load and the answer model's validator is built. These
  create tens of thousands of objects that live as long as the process, and the collector would walk
  them again and again to find no garbage. They are then frozen out of later collections
  (`gc.freeze`), and collection resumes for the command itself.
- A plain validate ends with `os._exit` once its output is flushed: it has written no file and holds
  nothing to release, and tearing the interpreter down object by object costs about a tenth of
  the check (see bench/startup.py).
"""

from __future__ import annotations

import gc
import os
import sys
import types

from dpia import interrupts

# pydantic's own loader, which `pydantic.plugin._schema_validator` asks for the installed plugins.
PYDANTIC_PLUGIN_LOADER = "pydantic.plugin._loader"


def no_pydantic_plugins() -> None:
    """Turn pydantic's plugins off, and its plugin loader with them: see the module's docstring.

    Only before pydantic has looked for plugins; the switch alone keeps them off if it already has.
    """
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    if PYDANTIC_PLUGIN_LOADER not in sys.modules:
        loader = types.ModuleType(PYDANTIC_PLUGIN_LOADER, "Finds no pydantic plugin: the dpia command uses none.")
        vars(loader)["get_plugins"] = _no_plugins
        sys.modules[PYDANTIC_PLUGIN_LOADER] = loader


def _no_plugins() -> tuple[()]:
    return ()


def main() -> None:
    no_pydantic_plugins()
    interrupts.watch()
    gc.disable()
    with interrupts.reported():  # Ctrl-C while starting up or checking: no traceback is due
        try:
            from dpia.validation import build_validator, check_files, plain_arguments

            plain = plain_arguments(sys.argv[1:])
            if plain is None:
                from dpia.cli import main as cli_main
            else:
                build_validator()
            gc.freeze()
            gc.enable()
            if plain is not None:
                code = check_files(*plain)
                for stream in (sys.stdout, sys.stderr):
                    if stream is not None:  # None: started with the stream closed (`>&-`)
                        stream.flush()
        except BrokenPipeError:  # the reader went away (`dpia validate ... | head -1`): exit 1, as dpia.cli does
            _drop_stdout()
            sys.exit(1)
    if plain is None:
        cli_main()
    else:
        os._exit(code)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
