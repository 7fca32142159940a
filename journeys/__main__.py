"""``python -m journeys``: the same command as the ``journeys`` script, for when the script is not on PATH."""

from journeys.cli import main

if __name__ == "__main__":
    main(prog_name="journeys")
