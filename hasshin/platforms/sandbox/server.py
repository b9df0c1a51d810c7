"""Serve a WSGI app on loopback in a background thread (wsgiref, one thread per request).

The app may raise DropConnection to close the socket without sending any response: the
"accepted, then the connection dropped" failure a client cannot tell from a lost request.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server


class DropConnection(Exception):
    pass


class _ServerHandler(ServerHandler):
    dropped = False

    def handle_error(self) -> None:
        import sys

        if isinstance(sys.exc_info()[1], DropConnection):
            self.dropped = True
            return
        super().handle_error()


class _RequestHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # quiet; never echo headers
        pass

    def handle(self) -> None:
        self.raw_requestline = self.rfile.readline(65537)
        if not self.parse_request():
            return
        handler = _ServerHandler(
            self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=True
        )
        handler.request_handler = self
        handler.run(self.server.get_app())
        if handler.dropped:
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


def serve_in_thread(
    app: Callable[..., Any], host: str, port: int
) -> tuple[str, Callable[[], None]]:
    httpd = make_server(
        host, port, app, server_class=_ThreadingServer, handler_class=_RequestHandler
    )
    thread = threading.Thread(target=httpd.serve_forever, name="hasshin-sandbox", daemon=True)
    thread.start()

    def stop() -> None:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)

    bound_host, bound_port = httpd.server_address[:2]
    return f"http://{bound_host}:{bound_port}", stop
