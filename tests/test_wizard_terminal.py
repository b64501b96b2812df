"""`dpia wizard` in a real 80x24 pseudo-terminal: what a person at the keyboard sees and types.

The question flow itself is tested without a terminal in tests/test_wizard.py; these few runs check the
questionary front end: the progress line, `?` and `<`, Oui/Non, the list of catalogue measures shown at
once, Ctrl-C and a closed terminal.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from dpia.answers import read_answers
from dpia.wizard import progress_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
pexpect = pytest.importorskip("pexpect")

REPO = Path(__file__).resolve().parents[1]
ENTER, CTRL_C, CTRL_U, DOWN = "\r", "\x03", "\x15", "\x1b[B"


def spawn(tmp_path: Path, *args: str) -> Any:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dpia", "wizard", *args],
        cwd=str(tmp_path),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    child.delaybeforesend = None
    return child


def test_a_new_file_help_back_and_ctrl_c(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    child = spawn(tmp_path, "-o", str(target))
    try:
        child.expect_exact("L'analyse · partie 1/")
        child.expect_exact("Qui rédige cette analyse ?")
        assert not target.exists(), "nothing is written before the first answer"
        child.send("Service du DPO" + ENTER)
        child.expect_exact("L'analyse · partie 1/")
        child.expect_exact("Date de l'analyse")
        child.send("?")  # on the offered date: the help, and the question again, nothing accepted
        child.expect_exact("Aide :")
        child.expect_exact("AAAA-MM-JJ")
        child.expect_exact("Date de l'analyse")
        child.send("<")  # back to the author, with the answer given
        child.expect_exact("Qui rédige cette analyse ?")
        child.expect_exact("Service du DPO")
        child.send(CTRL_U + "Mme Martin, DPO" + ENTER)
        child.expect_exact("Date de l'analyse")
        child.send(CTRL_U + "03/12/2026" + ENTER)
        child.expect_exact("Nom du traitement")
        child.send(CTRL_C)
        child.expect_exact("dpia wizard --resume")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    saved, _, _ = read_answers(target)
    assert saved["author"] == "Mme Martin, DPO"
    assert str(saved["date"]) == "2026-12-03", "a French date is read as a French user means it"
    assert progress_path(target).exists()


def test_answers_are_echoed_in_french_and_the_measure_list_shows_at_once(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(REPO / "samples" / "hospital-secnumcloud.yaml", target)
    child = spawn(tmp_path, "-o", str(target), "--section", "screening", "--section", "action_plan")
    try:
        child.expect_exact("Critères remplis par le traitement")
        child.send(" " + ENTER)  # tick the first criterion
        child.expect_exact("Évaluation ou notation des personnes, Croisement de jeux de données")
        child.expect_exact("commentaires")  # the first change: the file's comments would be lost
        child.send(ENTER)
        child.expect_exact("Oui")
        child.expect_exact("précisions maintenant ?")  # why each ticked criterion applies: not now
        child.send("n")
        child.expect_exact("Non")
        child.expect_exact("Ajouter des actions au plan d'action ?")  # offers Yes: the file has some
        child.send(ENTER)
        child.expect_exact("Oui")
        child.expect_exact("Action 1")
        child.send(ENTER)  # the title
        child.expect_exact("Mesure du catalogue")
        child.expect_exact("Pseudonymisation")  # the choices are listed before anything is typed
        child.send(CTRL_C)
        child.expect(pexpect.EOF)
        output = child.before or ""
    finally:
        child.close()
    assert child.exitstatus == 130
    assert "Yes" not in output and "done (" not in output
    saved, _, _ = read_answers(target)
    assert saved["screening"]["evaluation_or_scoring"] is True
    assert saved["screening"]["matching_datasets"] is True


def test_a_closed_terminal_leaves_a_resumable_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    child = spawn(tmp_path, "-o", str(target))
    try:
        child.expect_exact("Qui rédige cette analyse ?")
        child.send("Service du DPO" + ENTER)
        child.expect_exact("Date de l'analyse")
        child.kill(signal.SIGHUP)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    saved, _, _ = read_answers(target)
    assert saved["author"] == "Service du DPO"
    assert progress_path(target).exists()
    assert "date" not in saved
