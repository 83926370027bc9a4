"""`python -m bff.simulator …` is `bff simulator …`: one command, one set of flags."""

from bff.cli import simulator

if __name__ == "__main__":
    simulator()
