#!/usr/bin/env python3
"""Hostile captures that fill several of hopsniff's bounds at once (docs/limits.md, "Memory as a whole").

Each bound is tested alone by the test suite (the *FloodTest classes build their own captures); these fill them
together, at the scale of --max-connections, to measure what the heap needs. Not part of `scripts/bench`: the
files are large (combo: 27 KB a connection) and only hopsniff is run on them.

    scripts/bench.d/floods.py combo OUT.pcap 50000      # 1.3 GB
    scripts/bench.d/floods.py h2combo OUT.pcap 50000    # 727 MB
    scripts/bench.d/floods.py slow-heads OUT.pcap 50000 # 27 MB
    /usr/bin/time -f '%e s %M KB' scripts/hopsniff analyze OUT.pcap -o report.json --format json

combo: each client sends a POST head and 16 KiB of its body that the server never acknowledges (retransmission
rings), an out-of-order segment 4 KiB further on (reassembly), and the server half of an 8 KB response head
(kept bytes). h2combo: prior-knowledge HTTP/2 whose client fills its HPACK table (a size update to 64 KiB, 3 KB
literals with incremental indexing), leaves four streams open, sends an out-of-order segment and is never
acknowledged. slow-heads: the start of a request head, then nothing (Slowloris).
"""
import struct
import sys

SERVER = bytes([192, 168, 2, 22])
PORT = 12656


class Pcap:
    """A microsecond pcap of Ethernet frames, one every 10 µs."""

    def __init__(self, path):
        self.out = open(path, 'wb')
        self.out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        self.sec, self.usec = 1700000000, 0

    def packet(self, src, sport, dst, dport, seq, ack, flags, payload=b''):
        tcp = struct.pack('!HHIIBBHHH', sport, dport, seq & 0xffffffff, ack & 0xffffffff, 5 << 4, flags, 65535, 0, 0)
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp) + len(payload), 0, 0, 64, 6, 0, src, dst)
        frame = b'\x02' * 6 + b'\x04' * 6 + b'\x08\x00' + ip + tcp + payload
        self.usec += 10
        if self.usec >= 1000000:
            self.sec, self.usec = self.sec + 1, 0
        self.out.write(struct.pack('<IIII', self.sec, self.usec, len(frame), len(frame)))
        self.out.write(frame)

    def segments(self, src, sport, dst, dport, seq, ack, data, size=1400):
        for off in range(0, len(data), size):
            self.packet(src, sport, dst, dport, seq + off, ack, 0x18, data[off:off + size])
        return seq + len(data)

    def open(self, i):
        """SYN, SYN-ACK, ACK of connection i; its client address and port."""
        client = bytes([10, 1 + i // 60000, (i // 250) % 240, 1 + i % 250])
        port = 20000 + i % 40000
        self.packet(client, port, SERVER, PORT, 1000, 0, 0x02)
        self.packet(SERVER, PORT, client, port, 5000, 1001, 0x12)
        self.packet(client, port, SERVER, PORT, 1001, 5001, 0x10)
        return client, port


def hpack_int(value, prefix, first):
    """RFC 7541 §5.1."""
    top = (1 << prefix) - 1
    if value < top:
        return bytes([first | value])
    out = [first | top]
    value -= top
    while value >= 128:
        out.append((value & 0x7f) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def h2_frame(kind, flags, stream, payload):
    """RFC 9113 §4.1."""
    return struct.pack('!I', len(payload))[1:] + bytes([kind, flags]) + struct.pack('!I', stream) + payload


def combo(w, i):
    client, port = w.open(i)
    head = b'POST /upload HTTP/1.1\r\nHost: b\r\nContent-Length: 1000000\r\n\r\n'
    seq = w.segments(client, port, SERVER, PORT, 1001, 5001, head + b'x' * 16384)
    w.packet(client, port, SERVER, PORT, seq + 4096, 5001, 0x18, b'y' * 1400)
    response = b'HTTP/1.1 200 OK\r\n' + b''.join(b'X-F%d: %s\r\n' % (k, b'v' * 90) for k in range(80))
    w.segments(SERVER, PORT, client, port, 5001, 1001, response)


def h2combo(w, i):
    client, port = w.open(i)
    settings = h2_frame(4, 0, 0, struct.pack('!HI', 1, 65536))
    data = b'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' + settings
    for s in range(4):
        name = b'x-req-%d-%d' % (i % 7, s)
        block = (hpack_int(65536, 5, 0x20) if s == 0 else b'') + b'\x82\x86\x84'
        block += b'\x40' + hpack_int(len(name), 7, 0) + name + hpack_int(3000, 7, 0) + b'v' * 3000
        data += h2_frame(1, 0x4, 1 + 2 * s, block)
    seq = w.segments(client, port, SERVER, PORT, 1001, 5001, data, 1448)
    w.packet(client, port, SERVER, PORT, seq + 3000, 5001, 0x18, b'z' * 1400)
    w.packet(SERVER, PORT, client, port, 5001, 1001, 0x18, settings)


def slow_heads(w, i):
    client, port = w.open(i)
    w.packet(client, port, SERVER, PORT, 1001, 5001, 0x18,
             b'GET /ws/session-%d HTTP/1.1\r\nHost: dashboard\r\nUser-Agent: %s' % (i, b'a' * 200))


KINDS = {'combo': combo, 'h2combo': h2combo, 'slow-heads': slow_heads}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in KINDS or not sys.argv[3].isdigit():
        sys.exit('usage: floods.py {%s} OUT.pcap CONNECTIONS' % ','.join(KINDS))
    w = Pcap(sys.argv[2])
    for i in range(int(sys.argv[3])):
        KINDS[sys.argv[1]](w, i)
    w.out.close()


if __name__ == '__main__':
    main()
