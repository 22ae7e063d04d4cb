"""Every example workspace under data/ validates cleanly with `scrdocs validate`."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data"

WORKSPACES = sorted(profile.parent for profile in DATA.glob("*/scrdocs.yaml"))


@pytest.mark.parametrize("root", WORKSPACES or [
    pytest.param(None, marks=pytest.mark.skip(reason="no workspaces under data/ yet"))
], ids=lambda root: root.name if isinstance(root, Path) else "none")
def test_example_workspace_validates(run_cli, root):
    """`scrdocs validate data/<workspace>` exits 0 and reports it OK."""
    result = run_cli("validate", root)
    assert result.exit_code == 0, result.stderr
    assert "OK" in result.stdout
    assert result.stderr == ""
