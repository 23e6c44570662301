"""One keep-alive connection to the engine for the bench scripts: `call(method, path, body)`
returns the parsed JSON answer and stops the script on any non-2xx status.

A lean HTTP/1.1 client over a raw socket, not http.client: http.client costs ~0.28 ms of Python
per request (header objects, email.parser, buffered reads), about as much as the engine's whole
answer to a GET, so a trigger + poll measured through it was half client. This one sends
prebuilt request bytes over a TCP_NODELAY socket and parses only what the engine sends: status
line, headers, then a Content-Length or chunked body.
"""
import json
import socket
import urllib.parse


class _Connection:
    def __init__(self, host, port, key):
        self.address = (host, port)
        self.head = f"Host: {host}:{port}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n"
        self.sock = None
        self.buffer = b""

    def open(self):
        self.sock = socket.create_connection(self.address)
        # Small requests must leave at once, not wait for the previous answer's ACK (Nagle).
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def _fill(self):
        chunk = self.sock.recv(262144)
        if not chunk:
            raise ConnectionError("the engine closed the connection")
        self.buffer += chunk

    def _line(self):
        while True:
            end = self.buffer.find(b"\r\n")
            if end >= 0:
                line, self.buffer = self.buffer[:end], self.buffer[end + 2:]
                return line
            self._fill()

    def _take(self, n):
        while len(self.buffer) < n:
            self._fill()
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _read_response(self, method):
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                break
            self._fill()
        head, self.buffer = self.buffer[:end], self.buffer[end + 4:]
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length, chunked, close = None, False, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                close = b"close" in value.lower()
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            body = b""
        elif chunked:
            parts = []
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():  # trailers, up to the empty line
                        pass
                    break
                parts.append(self._take(size))
                self._take(2)
            body = b"".join(parts)
        elif length is not None:
            body = self._take(length)
        else:  # no length: the body runs to the end of the connection
            while True:
                try:
                    self._fill()
                except ConnectionError:
                    break
            body, self.buffer, close = self.buffer, b"", True
        if close:
            self.sock.close()
            self.sock = None
        return status, body

    def call(self, method, path, body=None):
        payload = b"" if body is None else json.dumps(body).encode()
        request = (f"{method} {path} HTTP/1.1\r\n{self.head}Content-Length: {len(payload)}\r\n\r\n").encode() + payload
        if self.sock is None:
            self.open()
        try:
            self.sock.sendall(request)
            status, data = self._read_response(method)
        except (ConnectionError, BrokenPipeError):
            # Only a connection the server closed while idle (nothing of an answer read) is retried
            # on a new one: a POST half answered must not be sent twice.
            if self.buffer:
                raise
            self.open()
            self.sock.sendall(request)
            status, data = self._read_response(method)
        if status >= 300:
            raise SystemExit(f"{method} {path}: {status} {data[:300]!r}")
        return json.loads(data) if data else None


def connect(url, key):
    parsed = urllib.parse.urlparse(url)
    return _Connection(parsed.hostname, parsed.port or 80, key).call
