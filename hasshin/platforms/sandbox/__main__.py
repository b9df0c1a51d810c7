"""Run the sandbox in the foreground: python -m hasshin.platforms.sandbox --port 8765"""

from __future__ import annotations

import argparse
import threading

from . import start_sandbox


def main() -> None:
    parser = argparse.ArgumentParser(description="Hasshin platform sandbox (loopback only)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    url, stop = start_sandbox(args.port, args.host)
    print(f"sandbox listening on {url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        stop()


if __name__ == "__main__":
    main()
