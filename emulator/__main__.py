"""``python -m emulator``: the ``ddemu`` command."""

from .cli import main

main()
