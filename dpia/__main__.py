"""`python -m dpia`: the `dpia` command."""

from dpia import interrupts

interrupts.watch()
try:
    from dpia.cli import main
except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was done yet, and no traceback is due
    interrupts.exit_interrupted()
except Exception:
    if not interrupts.pressed():
        raise
    interrupts.exit_interrupted()

main()
