"""Run the command line as ``python -m scrdocs``."""

from .cli import main

main(prog_name="scrdocs")
