"""Follows `awscrape serve`'s WebSocket stream (RFC 6455, stdlib only: Debian's python3 has no
WebSocket module) and writes each event as one JSON line to stdout until an event of type
`until` arrives or `timeout` seconds pass (exit 1). Prints "connected" on stderr once the
handshake is done, so a test can start the scrape after subscribing.

usage: ws_follow.py URL PATH TOKEN UNTIL TIMEOUT      e.g. http://127.0.0.1:8080 /api/ws t0k scrape.finished 120
"""
import base64, json, os, socket, struct, sys, time
from urllib.parse import urlparse

url, path, token, until, timeout = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
deadline = time.time() + timeout
u = urlparse(url)
sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
key = base64.b64encode(os.urandom(16)).decode()
auth = f"Authorization: Bearer {token}\r\n" if token else ""
sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
              f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
              f"{auth}\r\n").encode())
buf = b""
while b"\r\n\r\n" not in buf:
    chunk = sock.recv(4096)
    if not chunk:
        sys.exit("connection closed during the handshake")
    buf += chunk
head, buf = buf.split(b"\r\n\r\n", 1)
if not head.startswith(b"HTTP/1.1 101"):
    sys.exit(f"no upgrade: {head[:200]!r}")
print("connected", file=sys.stderr, flush=True)


def read_exact(n):
    global buf
    while len(buf) < n:
        sock.settimeout(max(0.1, deadline - time.time()))
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit("connection closed by the server")
        buf += chunk
    out, buf = buf[:n], buf[n:]
    return out


message = b""
while time.time() < deadline:
    b0, b1 = read_exact(2)
    length = b1 & 0x7F
    if length == 126:
        length = struct.unpack(">H", read_exact(2))[0]
    elif length == 127:
        length = struct.unpack(">Q", read_exact(8))[0]
    if b1 & 0x80:
        sys.exit("the server masked a frame (RFC 6455 forbids it)")
    payload = read_exact(length)
    opcode = b0 & 0x0F
    if opcode == 0x8:
        sys.exit("closed by the server")
    if opcode in (0x9, 0xA):  # ping/pong: nothing to record
        continue
    message += payload
    if not b0 & 0x80:  # a fragment; the rest follows
        continue
    event = json.loads(message)
    message = b""
    print(json.dumps(event), flush=True)
    if event.get("type") == until:
        sys.exit(0)
sys.exit(f"no {until} event within {timeout} s")
