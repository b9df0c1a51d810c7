"""Regenerate the rule table in README.md from the checker's registry."""

from pathlib import Path

from hasshin.checks import RULES

README = Path(__file__).resolve().parents[1] / "README.md"


def table() -> str:
    rows = ["| rule | clause | severity | what it finds |", "| --- | --- | --- | --- |"]
    for rule in RULES:
        doc = (rule.__doc__ or "").strip().splitlines()[0]
        rows.append(f"| `{rule.id}` | {rule.clause} | {rule.severity} | {doc} |")
    return "\n".join(rows)


def render(text: str) -> str:
    start, end = "<!-- rules:start -->", "<!-- rules:end -->"
    head, rest = text.split(start, 1)
    _old, tail = rest.split(end, 1)
    return f"{head}{start}\n{table()}\n{end}{tail}"


if __name__ == "__main__":
    README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"rule table written to {README}")
