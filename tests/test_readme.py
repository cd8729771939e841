"""A new user's walk through README.md: its shell (and Python) blocks, in order, as written, in
one shell, in a fresh copy of the repository; so the README cannot drift from the code.

How the walk reads the README:
- every ```bash block runs, unless the line before it is ``<!-- readme-walk: skip (why) -->``
  (a server that runs until stopped, Spark, a cluster, the test suite itself);
- a ```python block runs as ``python - <<EOF ... EOF`` in the same shell;
- ``# ...`` lines under a command are the output the README quotes for it: each must be a line
  the command prints, in that order, whitespace-insensitive; a trailing ``...`` stands for the
  rest of the line.

How it installs: the README's first command creates ``.venv`` and installs the package into
it. Installing again would take minutes and re-point the running environment's editable
install to a temporary copy, so the walk links the copy's ``.venv`` to the virtual environment
running this test (``sys.prefix``) and runs that command without its ``python3 -m venv`` and
``pip install`` steps, with the copy first on ``PYTHONPATH`` so that its code is what runs.
Nothing else on ``PATH`` provides ``communique``: a README that forgets to activate ``.venv``
fails with "command not found".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# The README's install step, which the walk replaces by a link to the running environment.
INSTALL = 'python3 -m venv .venv && .venv/bin/pip install -q -e ".[dev,server,postgres]" && '
INSTALLING = re.compile(r"\b(pip|pip3|uv|conda|apt|apt-get)\s+install\b|\bpython3? -m venv\b")
SKIP_MARK = re.compile(r"<!--\s*readme-walk:\s*skip\s*\((?P<why>[^)]+)\)\s*-->")
FENCE = re.compile(r"^```(?P<lang>\w*)\s*$")
FAILURE_SIGNS = ("command not found", "Traceback (most recent call last)", "error: argument",
                 "error: unrecognized arguments", "invalid choice", "No such file or directory")
WALK_SECONDS = 900


@dataclass
class Command:
    """One command of the README, with the output lines it quotes."""

    text: str
    quoted: list[str] = field(default_factory=list)


@dataclass
class Block:
    language: str
    lines: list[str]
    skip_reason: str | None


def readme_blocks(text: str) -> list[Block]:
    """The fenced code blocks of the README, each with the skip mark above it, if any."""
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening or not opening["lang"]:
            index += 1
            continue
        end = lines.index("```", index + 1)
        mark = SKIP_MARK.search(lines[index - 1]) if index else None
        blocks.append(Block(opening["lang"], lines[index + 1:end],
                            mark["why"] if mark else None))
        index = end + 1
    return blocks


def shell_commands(lines: list[str]) -> list[Command]:
    """A shell block's commands (continuation lines joined) with their quoted output."""
    commands: list[Command] = []
    pending = ""
    for line in lines:
        if pending or not line.startswith("#"):
            pending += line + "\n"
            if not line.endswith("\\"):
                commands.append(Command(pending.rstrip("\n")))
                pending = ""
        elif commands:
            commands[-1].quoted.append(line.removeprefix("#").strip())
    assert not pending, f"a README command ends with a continuation backslash: {pending}"
    return [command for command in commands if command.text.strip()]


def python_command(lines: list[str]) -> Command:
    """A Python block as one heredoc command; its ``# `` lines are the output it quotes."""
    quoted = [line.removeprefix("#").strip() for line in lines if line.startswith("# ")]
    return Command("python - <<'README_PYTHON'\n" + "\n".join(lines) + "\nREADME_PYTHON", quoted)


def walk_commands(readme: str) -> tuple[list[Command], list[str]]:
    """Every command the walk runs, in README order, and the reasons of the skipped blocks."""
    commands: list[Command] = []
    skipped: list[str] = []
    for block in readme_blocks(readme):
        if block.skip_reason is not None:
            skipped.append(block.skip_reason)
        elif block.language == "bash":
            commands.extend(shell_commands(block.lines))
        elif block.language == "python":
            commands.append(python_command(block.lines))
    return commands, skipped


def without_install_step(commands: list[Command]) -> list[Command]:
    """The commands without the README's install step; any other install must be in a block
    marked skip, for it would change the environment running this test (or the machine's)."""
    first = commands[0]
    assert first.text.startswith(INSTALL), (
        "the README's first command no longer starts with the install step this walk knows; "
        f"update INSTALL in {__file__}: {first.text!r}")
    rest = [Command(first.text.removeprefix(INSTALL), first.quoted), *commands[1:]]
    installing = [c.text for c in rest if INSTALLING.search(c.text)]
    assert not installing, f"mark the README blocks that install as skipped: {installing}"
    return rest


def script_of(commands: list[Command]) -> str:
    """One shell script: each command between markers that carry its number and exit code."""
    parts = ["exec 2>&1"]
    for number, command in enumerate(commands):
        parts += [f"echo '@@readme {number} start@@'", command.text,
                  f"echo \"@@readme {number} exit $?@@\""]
    return "\n".join(parts) + "\n"


def outputs_of(transcript: str, count: int) -> list[tuple[list[str], int]]:
    """Each command's output lines and exit code, from the markers in the transcript."""
    found = re.findall(r"@@readme (\d+) start@@\n(.*?)@@readme \1 exit (\d+)@@", transcript,
                       flags=re.DOTALL)
    assert len(found) == count, f"the walk stopped after {len(found)} of {count} commands:\n" \
                                f"{transcript[-3000:]}"
    return [(body.splitlines(), int(code)) for _, body, code in found]


def squeezed(line: str) -> str:
    return " ".join(line.split())


def quoted_line_matches(quoted: str, printed: str) -> bool:
    want, got = squeezed(quoted), squeezed(printed)
    if want.endswith("..."):
        return got.startswith(want.removesuffix("...").rstrip())
    return got == want


def missing_quotes(quoted: list[str], printed: list[str]) -> list[str]:
    """The quoted lines not printed, in order (each after the one before it)."""
    position = 0
    for number, line in enumerate(quoted):
        while position < len(printed) and not quoted_line_matches(line, printed[position]):
            position += 1
        if position == len(printed):
            return quoted[number:]
        position += 1
    return []


def problems_of(command: Command, printed: list[str], code: int) -> list[str]:
    problems = [f"prints {sign!r}" for sign in FAILURE_SIGNS
                if any(sign in line for line in printed)]
    # Exit code 1 is documented for commands whose summary counts failed records.
    if code not in (0, 1) or (code == 1 and not any("failed" in line for line in printed)):
        problems.append(f"exits with {code}")
    problems += [f"does not print {line!r}" for line in missing_quotes(command.quoted, printed)]
    return problems


def fresh_copy(destination: Path) -> Path:
    """The repository's files (tracked, plus new ones git does not ignore), copied."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("the README walk needs a git checkout to copy")
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def walk_environment(copy: Path) -> dict[str, str]:
    """The parent's environment without the virtual environment on PATH or a default store."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "COMMUNIQUE_DB", "PYTHONHOME")}
    keep = [entry for entry in env.get("PATH", "").split(os.pathsep)
            if entry and not (Path(entry) / "communique").exists()]
    env["PATH"] = os.pathsep.join(keep)
    env["PYTHONPATH"] = str(copy)
    return env


def test_readme_commands_run_as_written_and_print_what_it_quotes(tmp_path: Path) -> None:
    if sys.prefix == sys.base_prefix or not (Path(sys.prefix) / "bin" / "communique").exists():
        pytest.skip("the README walk reuses the virtual environment the README installs; run "
                    "the tests with .venv/bin/python after the README's install command")
    commands, skipped = walk_commands(README.read_text(encoding="utf-8"))
    assert len(commands) >= 10 and len(skipped) <= 5, (len(commands), skipped)
    commands = without_install_step(commands)
    copy = fresh_copy(tmp_path / "communique")
    (copy / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    walk = subprocess.run(["bash", "-c", script_of(commands)], cwd=copy, text=True,
                          env=walk_environment(copy), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=WALK_SECONDS, check=False)
    report = []
    for command, (printed, code) in zip(commands, outputs_of(walk.stdout, len(commands)),
                                        strict=True):
        problems = problems_of(command, printed, code)
        if problems:
            report.append(f"$ {command.text}\n  " + "\n  ".join(problems) + "\n  output:\n    "
                          + "\n    ".join(printed[-15:]))
    assert not report, "README commands that do not work as written:\n" + "\n".join(report)


# -- the walk's own reading of the README, on small texts -----------------------------------

def test_quoted_output_is_matched_in_order_whitespace_insensitively() -> None:
    printed = ["date   type", "2025-03-09  CONSULT  CHN  long evidence text", "done"]
    assert missing_quotes(["date type", "2025-03-09 CONSULT CHN long ...", "done"], printed) == []
    assert missing_quotes(["done", "date type"], printed) == ["date type"]
    assert missing_quotes(["events written 10"], ["events written 11"]) == ["events written 10"]


def test_commands_their_quotes_and_skip_marks_are_read() -> None:
    readme = ("Intro\n\n```bash\ncommunique ingest x \\\n  --db e.db   # again\n# read 12\n"
              "# new 0\ncommunique stats\n```\n\n<!-- readme-walk: skip (a server) -->\n"
              "```bash\ncommunique serve\n```\n\n```python\nprint(1)\n# 1\n```\n")
    commands, skipped = walk_commands(readme)
    assert [c.text.split()[1] for c in commands[:2]] == ["ingest", "stats"]
    assert commands[0].quoted == ["read 12", "new 0"] and commands[1].quoted == []
    assert commands[2].text.startswith("python - <<") and commands[2].quoted == ["1"]
    assert skipped == ["a server"]


def test_an_install_outside_a_skipped_block_is_refused() -> None:
    commands = [Command(INSTALL + "communique extract x"), Command("pip install -e '.[spark]'")]
    with pytest.raises(AssertionError, match="mark the README blocks that install"):
        without_install_step(commands)
    assert without_install_step(commands[:1])[0].text == "communique extract x"


def test_a_failing_command_is_reported() -> None:
    command = Command("communique events --sort -x", ["date type"])
    problems = problems_of(command, ["bash: communique: command not found"], 127)
    assert problems == ["prints 'command not found'", "exits with 127",
                        "does not print 'date type'"]
    assert problems_of(Command("communique ingest"), ["failed 1"], 1) == []
