from dpia.cli import main

main()
