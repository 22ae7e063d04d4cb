"""The README's quick start: two commands that work where the system Python refuses
`pip install` (Debian 12, Ubuntu 24.04), and a CI script that runs the same steps."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _quick_start_commands() -> list[str]:
    """Return the shell commands of the README's Quick start section, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)]


def _steps(command: str) -> list[str]:
    """Return the steps of a command joined with `&&`."""
    return [step.strip() for step in command.split("&&")]


def _apt_packages(command: str) -> list[str]:
    """Return the packages the command's `apt-get install -y` step installs."""
    install = next(step for step in _steps(command) if "apt-get install" in step)
    words = shlex.split(install)
    return [word for word in words[words.index("install") + 1:] if not word.startswith("-")]


def test_quick_start_is_two_commands_building_the_examples_and_running_the_tests() -> None:
    """One command builds every example workspace and fails when any workspace fails (not
    only the last), the other runs the tests."""
    build, tests = _quick_start_commands()
    assert '(for ws in data/*/; do .venv/bin/scrdocs build "$ws" || exit 1; done)' in build
    assert _steps(tests)[-1] == ".venv/bin/python -m pytest -q"


@pytest.mark.parametrize("which", [0, 1], ids=["build", "tests"])
def test_quick_start_installs_into_a_virtual_environment(which: int) -> None:
    """Each command installs python3-venv, makes .venv with the system python3 and installs
    and runs everything from it, never `pip install` into the system Python (PEP 668)."""
    command = _quick_start_commands()[which]
    steps = _steps(command)
    assert "python3-venv" in _apt_packages(command)
    venv = steps.index("python3 -m venv .venv")
    assert all("apt-get" in step for step in steps[:venv])
    after = steps[venv + 1:]
    assert after[0].startswith(".venv/bin/pip install ")
    for step in after:
        loop = re.fullmatch(r"\(?for \w+ in [^;]+; do (.*?)(?: \|\| exit 1)?; done\)?", step)
        program = (loop.group(1) if loop else step).split()[0]
        assert program.startswith(".venv/bin/"), step
    assert "python3 -m pip" not in command and not re.search(r"(^|[\s;&])pip install", command)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("which", [0, 1], ids=["build", "tests"])
def test_quick_start_commands_are_valid_shell(which: int) -> None:
    """bash parses each command as written."""
    result = subprocess.run(["bash", "-n", "-c", _quick_start_commands()[which]],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run installs the same system packages as the README's test command and then runs
    its steps: make .venv, install with the test extras, run pytest."""
    _, tests = _quick_start_commands()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    declared = re.search(r"PACKAGES=\((.*?)\)", script, re.DOTALL)
    assert declared is not None
    assert sorted(declared.group(1).split()) == sorted(_apt_packages(tests))
    lines = [line.strip() for line in script.splitlines()]
    steps = _steps(tests)
    venv = steps.index("python3 -m venv .venv")
    assert lines[-len(steps[venv:]):] == steps[venv:]


def test_build_command_needs_no_package_the_test_command_lacks() -> None:
    """Whatever the build command installs, the test command installs too."""
    build, tests = _quick_start_commands()
    assert set(_apt_packages(build)) <= set(_apt_packages(tests))
