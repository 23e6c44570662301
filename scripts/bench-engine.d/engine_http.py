"""One keep-alive connection to the engine for the bench scripts: `call(method, path, body)`
returns the parsed JSON answer and stops the script on any non-2xx status."""
import http.client
import json
import urllib.parse


def connect(url, key):
    parsed = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def call(method, path, body=None):
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        response = conn.getresponse()
        data = response.read()
        if response.status >= 300:
            raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else None

    return call
