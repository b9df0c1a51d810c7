"""Precision/recall of the guideline checker per rule and family on a labelled JSONL set.

.venv/bin/python scripts/eval_checks.py ../shared/data/checks-devset.jsonl [--errors]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hasshin.checks.evaluate import main

if __name__ == "__main__":
    sys.exit(main())
