from hasshin.posts.highlight import segments


def f(start, end, severity="error"):
    return {"start": start, "end": end, "severity": severity}


def test_plain_text_is_one_segment():
    assert [s.text for s in segments("abc", [])] == ["abc"]


def test_findings_cut_the_text_and_overlaps_take_the_worst_severity():
    segs = segments("0123456789", [f(2, 5, "warning"), f(4, 7), f(0, 0)])
    assert [(s.text, s.findings, s.severity) for s in segs] == [
        ("01", [], ""),
        ("23", [0], "warning"),
        ("4", [0, 1], "error"),
        ("56", [1], "error"),
        ("789", [], ""),
    ]
