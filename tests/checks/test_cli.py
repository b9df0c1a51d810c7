"""hasshin check: exit codes 0/1/2 and the JSON shape of ARCHITECTURE.md."""

from __future__ import annotations

import json

from hasshin.cli import main


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_post_exits_0(tmp_path, capsys) -> None:
    post = tmp_path / "post.txt"
    post.write_text("今朝の春日山。今日もよい一日を！", encoding="utf-8")
    code, out, _ = _run(capsys, ["check", str(post), "--at", "2026-11-16T10:00+09:00"])
    assert code == 0
    assert "no findings" in out


def test_error_finding_exits_1_with_json_shape(tmp_path, capsys) -> None:
    post = tmp_path / "post.txt"
    post.write_text("担当の田中花子さん 090-1234-5678", encoding="utf-8")
    code, out, _ = _run(capsys, ["check", str(post), "--format", "json", "--platform", "x"])
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"findings", "stats"}
    phone = next(f for f in data["findings"] if f["rule"] == "pii.phone")
    assert set(phone) == {"rule", "clause", "severity", "start", "end", "text", "message"}
    assert phone["text"] == "090-1234-5678"
    assert data["stats"]["length"] == data["stats"]["lengths"]["x"]


def test_bad_inputs_exit_2(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa")
    code, _, err = _run(capsys, ["check", str(bad)])
    assert code == 2 and "UTF-8" in err
    code, _, err = _run(capsys, ["check", str(tmp_path / "missing.txt")])
    assert code == 2 and "cannot read" in err
    ok = tmp_path / "ok.txt"
    ok.write_text("こんにちは", encoding="utf-8")
    code, _, err = _run(capsys, ["check", str(ok), "--at", "tomorrow"])
    assert code == 2 and "ISO 8601" in err
    code, _, err = _run(capsys, ["check", str(ok), "--at", "2026-11-24T21:00"])
    assert code == 2 and "time zone" in err


def test_urgent_flag_allows_out_of_hours(tmp_path, capsys) -> None:
    post = tmp_path / "post.txt"
    post.write_text("【避難指示】ただちに避難してください。", encoding="utf-8")
    args = ["check", str(post), "--at", "2026-07-03T02:15+09:00", "--format", "json"]
    assert _run(capsys, args)[0] == 1
    assert _run(capsys, [*args, "--urgent"])[0] == 0


def test_jsonl_gives_one_line_per_post_with_id(tmp_path, capsys) -> None:
    lines = [
        {"id": "a1", "platform": "x", "at": "2026-12-05T10:00:00+09:00", "text": "bit.ly/x"},
        {"id": "a2", "platform": "line", "urgent": False, "text": "こんにちは"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    code, out, _ = _run(capsys, ["check", "--jsonl", str(src)])
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 1
    assert [r["id"] for r in rows] == ["a1", "a2"]
    assert rows[0]["findings"][0]["rule"] == "link.shortener"
    assert rows[1]["findings"] == []


def test_jsonl_bad_line_exits_2(tmp_path, capsys) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "x", "at": "noon"}\n', encoding="utf-8")
    code, _, err = _run(capsys, ["check", "--jsonl", str(src)])
    assert code == 2 and "line 1" in err
