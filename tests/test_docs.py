"""Documentation stays complete (datasette-style): every rule and setting is in the README."""

from pathlib import Path

from scripts.readme_rules import render

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_rule_table_is_current():
    assert render(README) == README, "run: .venv/bin/python scripts/readme_rules.py"


def test_readme_opens_with_the_two_commands():
    first = README.splitlines()[:4]
    assert first[0] == "```sh"
    assert first[1].startswith("make run") and first[2].startswith("make test")
