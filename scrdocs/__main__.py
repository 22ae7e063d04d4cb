"""Run the command line as ``python -m scrdocs``."""

from .cli import run

run()
