"""`python -m dpia`: the `dpia` command."""

import sys

try:
    from dpia.cli import main
except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was done yet, and no traceback is due
    print("interrupted", file=sys.stderr)
    sys.exit(130)

main()
