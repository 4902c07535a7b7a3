"""Subcommands of the ``vbformats`` command line (see :mod:`vbformats.cli`)."""
