"""The layering docs/architecture.md promises, over the real import graph: no import runs from a lower layer
to a higher one (the import-linter contracts in pyproject.toml, `[tool.importlinter]`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(*config: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own tool from this virtualenv, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", *config], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_no_import_runs_from_a_lower_layer_to_a_higher_one() -> None:
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_contract_would_catch_an_upward_import(tmp_path: Path) -> None:
    """Services do import plain rules: a contract claiming the opposite must fail, else the check is idle."""
    upside_down = tmp_path / "upside-down.ini"
    upside_down.write_text(
        "[importlinter]\nroot_package = bff\n\n[importlinter:contract:upside-down]\nname = upside down\n"
        "type = layers\nlayers =\n    bff.domain\n    bff.resolvers\n"
    )
    result = _lint(str(upside_down))
    assert result.returncode != 0
    assert "bff.resolvers is not allowed to import bff.domain" in result.stdout
