"""Raw-socket HTTP client used by record-fixtures (run with /usr/bin/python3).

    raw_client.py HOST PORT CASE

CASE is one of:
  pipelined    two GET requests written with ONE sendall(), then both responses read
  connect-lo   "CONNECT 127.0.0.1:443 HTTP/1.1" (the odd CONNECT of the incident)

Connects ONLY to HOST:PORT (HOST must be loopback). Prints the exact bytes sent and received
(stderr, human readable) and one JSON EVENT line per request/response it parsed (stdout).
"""
import ipaddress
import json
import socket
import sys


def requests_for(case, host, port):
    hostport = f"{host}:{port}"
    if case == "pipelined":
        return [
            ("GET", "/api/status", {"Host": hostport, "User-Agent": "raw-pipeline/1"}),
            ("GET", "/", {"Host": hostport, "User-Agent": "raw-pipeline/1", "Connection": "close"}),
        ]
    if case == "connect-lo":
        return [
            ("CONNECT", "127.0.0.1:443", {"Host": "127.0.0.1:443", "User-Agent": "raw-connect/1"}),
        ]
    raise SystemExit(f"unknown case {case}")


def parse_responses(data):
    """Tiny HTTP/1.1 response splitter (Content-Length / chunked / close) for the transcript."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            out.append({"unparsed": data.decode("latin-1")})
            break
        lines = head.decode("latin-1").split("\r\n")
        status_line = lines[0]
        headers = [tuple(x.split(": ", 1)) for x in lines[1:]]
        hmap = {k.lower(): v for k, v in headers}
        if "content-length" in hmap:
            n = int(hmap["content-length"])
            body, data = rest[:n], rest[n:]
        elif hmap.get("transfer-encoding", "").lower() == "chunked":
            body, data = b"", rest
            while True:
                size_line, _, data = data.partition(b"\r\n")
                size = int(size_line.split(b";")[0], 16)
                body += data[:size]
                data = data[size + 2:]
                if size == 0:
                    break
        else:
            body, data = rest, b""
        parts = status_line.split(" ", 2)
        out.append({"status_line": status_line, "status": int(parts[1]), "headers": headers,
                    "body": body.decode("utf-8", "replace")})
    return out


def main():
    host, port, case = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit(f"refusing non-loopback host {host}")
    reqs = requests_for(case, host, port)
    payload = b""
    for method, target, headers in reqs:
        payload += f"{method} {target} HTTP/1.1\r\n".encode()
        payload += b"".join(f"{k}: {v}\r\n".encode() for k, v in headers.items())
        payload += b"\r\n"
    s = socket.create_connection((host, port))
    local_port = s.getsockname()[1]
    s.settimeout(1.5)
    s.sendall(payload)  # all requests in a single send
    print(f"raw_client {case}: local port {local_port}, sent {len(payload)} bytes in one send:", file=sys.stderr)
    print(payload.decode(), file=sys.stderr)
    received = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                print("raw_client: server closed the connection (EOF)", file=sys.stderr)
                break
            received += chunk
    except socket.timeout:
        print("raw_client: no more data after 1.5 s, closing", file=sys.stderr)
    s.close()
    print(f"raw_client {case}: received {len(received)} bytes:", file=sys.stderr)
    print(received.decode("utf-8", "replace"), file=sys.stderr)
    responses = parse_responses(received)
    for i, (method, target, headers) in enumerate(reqs):
        resp = responses[i] if i < len(responses) else None
        print(json.dumps({"ev": "exchange", "local_port": local_port, "method": method, "target": target,
                          "request_headers": headers,
                          "status": resp.get("status") if resp else None,
                          "status_line": resp.get("status_line") if resp else None,
                          "response_body": resp.get("body") if resp else None}), flush=True)


if __name__ == "__main__":
    main()
