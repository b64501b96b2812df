"""`python -m dpia`: the `dpia` command."""

from dpia.launcher import main

main()
