"""``python -m vbformats``: the command line (:func:`vbformats.cli.main`)."""

import sys

from vbformats.cli import main

sys.exit(main())
