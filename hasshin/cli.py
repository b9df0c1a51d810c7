"""The ``hasshin`` command line. Subcommands register themselves in :data:`SUBCOMMANDS`.

    hasshin check [FILE|-] [--platform x] [--at ISO8601] [--urgent] [--format text|json]
                  [--pack joetsu]
    hasshin check --jsonl FILE

Exit status: 0 clean (warnings and hints allowed), 1 an error-level finding, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Input the checker cannot use; the message is shown to the user."""


def _read_bytes(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {source}: {exc.strerror or exc}") from exc


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{source} is not valid UTF-8 (byte {exc.start})") from exc


def _parse_at(value: str | None, where: str = "--at") -> datetime | None:
    if value is None or value == "":
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadInput(f"{where}: not an ISO 8601 date-time: {value!r}") from exc
    if at.tzinfo is None:
        raise BadInput(f"{where}: give a time zone, e.g. {value}+09:00")
    return at


def _load_pack(name: str) -> Any:
    from hasshin.policy import PolicyPackError, load_pack

    try:
        return load_pack(name)
    except PolicyPackError as exc:
        raise BadInput(str(exc)) from exc


def _format_text(report: Any, out: TextIO, label: str = "") -> None:
    prefix = f"{label}: " if label else ""
    stats = report.stats
    limit = stats.get("limit")
    out.write(f"{prefix}length {stats.get('length')}" + (f"/{limit}" if limit else "") + "\n")
    if not report.findings:
        out.write(f"{prefix}no findings\n")
    for f in report.findings:
        where = f"[{f.start}:{f.end}] {f.text!r} " if f.end > f.start else ""
        out.write(f"{prefix}{f.severity:7} {f.rule} ({f.clause}) {where}{f.message}\n")


def _check_one(args: argparse.Namespace, pack: Any) -> int:
    from hasshin.checks import CheckInput, run_checks

    source = args.file or "-"
    text = _decode(_read_bytes(source), "stdin" if source == "-" else source)
    check_input = CheckInput(
        text=text,
        platform=args.platform,
        at=_parse_at(args.at),
        urgent=args.urgent,
        urgent_reason=args.urgent_reason or "",
        lang=args.lang,
    )
    report = run_checks(check_input, pack)
    if args.format == "json":
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _format_text(report, sys.stdout)
    return EXIT_FINDINGS if report.has_errors else EXIT_OK


def _jsonl_input(line: str, number: int) -> tuple[str, Any]:
    from hasshin.checks import PLATFORMS, CheckInput

    where = f"line {number}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{where}: not JSON: {exc.msg}") from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise BadInput(f"{where}: needs an object with a string 'text'")
    platform = obj.get("platform") or "x"
    if platform not in PLATFORMS:
        raise BadInput(f"{where}: unknown platform {platform!r}")
    check_input = CheckInput(
        text=obj["text"],
        platform=platform,
        at=_parse_at(obj.get("at"), f"{where}: at"),
        urgent=bool(obj.get("urgent", False)),
        urgent_reason=str(obj.get("urgent_reason") or ""),
        title=str(obj.get("title") or ""),
    )
    return str(obj.get("id", number)), check_input


def _check_jsonl(args: argparse.Namespace, pack: Any) -> int:
    from hasshin.checks import run_checks

    text = _decode(_read_bytes(args.jsonl), args.jsonl)
    inputs = [_jsonl_input(line, n) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    status = EXIT_OK
    for post_id, check_input in inputs:
        report = run_checks(check_input, pack)
        if report.has_errors:
            status = EXIT_FINDINGS
        if args.format == "text":
            _format_text(report, sys.stdout, post_id)
        else:
            line = {"id": post_id, **report.to_dict()}
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return status


def _cmd_check(args: argparse.Namespace) -> int:
    pack = _load_pack(args.pack)
    if args.jsonl:
        if args.file:
            raise BadInput("give either FILE or --jsonl, not both")
        return _check_jsonl(args, pack)
    return _check_one(args, pack)


def _add_check(sub: Any) -> None:
    from hasshin.checks.model import PLATFORMS

    p = sub.add_parser("check", help="check a draft post against the guideline")
    p.add_argument("file", nargs="?", help="text file, or - for standard input (default)")
    p.add_argument("--platform", default="x", choices=PLATFORMS)
    p.add_argument("--at", help="planned send time, ISO 8601 with zone (2026-11-24T21:00+09:00)")
    p.add_argument("--urgent", action="store_true", help="urgent disaster or event information")
    p.add_argument("--urgent-reason", default="", help="why it cannot wait (recorded)")
    p.add_argument("--format", choices=("text", "json"), default=None)
    p.add_argument("--pack", default="joetsu", help="policy pack name or path")
    p.add_argument("--lang", choices=("ja", "en"), default="ja", help="message language")
    p.add_argument(
        "--jsonl", metavar="FILE", help="one post per line (id, platform, at, urgent, text)"
    )
    p.set_defaults(func=_cmd_check)


# name → function adding the subparser; other apps add theirs here.
SUBCOMMANDS: dict[str, Callable[[Any], None]] = {"check": _add_check}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hasshin", description="Hasshin (発信) command line")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS.values():
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors already
        return int(exc.code or 0)
    if getattr(args, "format", "") is None:
        args.format = "json" if getattr(args, "jsonl", None) else "text"
    try:
        return int(args.func(args))
    except BadInput as exc:
        print(f"hasshin: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
