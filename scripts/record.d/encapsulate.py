#!/usr/bin/env python3
"""Re-wraps the IP packets of a recorded Ethernet capture in other link layers, or fragments them, so the same
HTTP traffic can be read through every encapsulation hopsniff decodes (issue #13). tshark's decoding of each output
is the oracle (it must show the same exchanges as the input); see samples/README.md.

    scripts/record.d/encapsulate.py IN.pcap OUT_DIR

Writes OUT_DIR/encap-{pppoe,llc-snap,ppp,nflog,radiotap,ipv4-fragments,ipv6-fragments}.pcap. The layouts follow
RFC 2516 (PPPoE), RFC 1042 (LLC/SNAP), RFC 1662 (PPP in HDLC-like framing), tcpdump.org's LINKTYPE_NFLOG and
radiotap pages, IEEE 802.11 (QoS data frames), RFC 791 and RFC 8200 (fragments). Pure standard library.
"""
import struct
import sys


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    assert linktype == 1, "expects an Ethernet capture"
    at, packets = 24, []
    while at + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack(endian + "IIII", data[at:at + 16])
        packets.append((sec, frac, data[at + 16:at + 16 + incl]))
        at += 16 + incl
    return packets


def write_pcap(path, linktype, packets):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for sec, usec, frame in packets:
            f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)))
            f.write(frame)


def ipv4_of(frame):
    """The IPv4 packet of an Ethernet frame (None for anything else), trailing padding cut by total length."""
    if len(frame) < 34 or frame[12:14] != b"\x08\x00":
        return None
    ip = frame[14:]
    return ip[:struct.unpack("!H", ip[2:4])[0]]


def pppoe(ip):
    ppp = b"\x00\x21" + ip
    return b"\x00" * 12 + b"\x88\x64" + struct.pack("!BBHH", 0x11, 0, 0x0001, len(ppp)) + ppp


def llc_snap(ip):
    payload = b"\xaa\xaa\x03\x00\x00\x00\x08\x00" + ip
    return b"\x00" * 12 + struct.pack("!H", len(payload)) + payload


def ppp_hdlc(ip):
    return b"\xff\x03\x00\x21" + ip


def tlv(kind, value):
    length = 4 + len(value)
    return struct.pack("<HH", length, kind) + value + b"\x00" * ((4 - length % 4) % 4)


def nflog(ip):
    header = struct.pack("!BBH", 2, 0, 5)  # AF_INET, version 0, group 5
    packet_hdr = struct.pack("!HBB", 0x0800, 3, 0)  # hw_protocol, hook NF_INET_LOCAL_OUT
    return header + tlv(1, packet_hdr) + tlv(10, b"hopsniff\x00") + tlv(9, ip)


def radiotap_80211(ip, to_server):
    radiotap = struct.pack("<BBHI", 0, 0, 8, 0)  # version 0, length 8, no fields present
    flags = 0x01 if to_server else 0x02  # ToDS from the client, FromDS towards it
    mac = struct.pack("<BBH", 0x88, flags, 0) + b"\x02\x00\x00\x00\x00\x01" * 3 + struct.pack("<HH", 0, 0)
    return radiotap + mac + b"\xaa\xaa\x03\x00\x00\x00\x08\x00" + ip


def ipv4_fragments(ip, ident):
    """Three fragments of an IPv4 packet's payload, sent last, first, middle; small packets stay whole."""
    ihl = (ip[0] & 0x0F) * 4
    header, payload = ip[:ihl], ip[ihl:]
    if len(payload) <= 48:
        return [ip]
    cut1 = 24
    cut2 = 24 + ((len(payload) - 24) // 2) // 8 * 8
    pieces = [(0, payload[:cut1], True), (cut1, payload[cut1:cut2], True), (cut2, payload[cut2:], False)]
    out = []
    for offset, data, more in pieces:
        h = bytearray(header)
        struct.pack_into("!H", h, 2, ihl + len(data))
        struct.pack_into("!H", h, 4, ident)
        struct.pack_into("!H", h, 6, (0x2000 if more else 0) | offset // 8)
        struct.pack_into("!H", h, 10, 0)
        struct.pack_into("!H", h, 10, checksum(bytes(h)))
        out.append(bytes(h) + data)
    return [out[2], out[0], out[1]]


def checksum(header):
    s = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv6_of(ip):
    """The same packet as IPv6 (fd00::1 for 127.0.0.1's client side and so on); the TCP checksum is not redone."""
    ihl = (ip[0] & 0x0F) * 4
    src = b"\xfd" + b"\x00" * 14 + bytes([ip[15]])
    dst = b"\xfd" + b"\x00" * 14 + bytes([ip[19]])
    payload = ip[ihl:]
    return struct.pack("!IHBB", 6 << 28, len(payload), ip[9], 64) + src + dst, payload


def ipv6_fragments(ip, ident):
    header, payload = ipv6_of(ip)
    if len(payload) <= 48:
        return [header + payload]
    cut = 24 + ((len(payload) - 24) // 2) // 8 * 8
    out = []
    for offset, data, more in ((0, payload[:cut], True), (cut, payload[cut:], False)):
        h = bytearray(header)
        struct.pack_into("!H", h, 4, 8 + len(data))
        h[6] = 44  # a fragment header follows
        frag = struct.pack("!BBHI", ip[9], 0, offset | (1 if more else 0), ident)
        out.append(bytes(h) + frag + data)
    return [out[1], out[0]]


def main(src, out_dir):
    packets = read_pcap(src)
    ips = [(s, u, ipv4_of(f)) for s, u, f in packets if ipv4_of(f) is not None]
    first_client_port = struct.unpack("!H", ips[0][2][20:22])[0]
    def to_server(ip):
        return struct.unpack("!H", ip[20:22])[0] == first_client_port
    write_pcap(f"{out_dir}/encap-pppoe.pcap", 1, [(s, u, pppoe(ip)) for s, u, ip in ips])
    write_pcap(f"{out_dir}/encap-llc-snap.pcap", 1, [(s, u, llc_snap(ip)) for s, u, ip in ips])
    write_pcap(f"{out_dir}/encap-ppp.pcap", 9, [(s, u, ppp_hdlc(ip)) for s, u, ip in ips])
    write_pcap(f"{out_dir}/encap-nflog.pcap", 239, [(s, u, nflog(ip)) for s, u, ip in ips])
    write_pcap(f"{out_dir}/encap-radiotap.pcap", 127, [(s, u, radiotap_80211(ip, to_server(ip))) for s, u, ip in ips])
    frag4, frag6 = [], []
    for n, (s, u, ip) in enumerate(ips):
        frag4 += [(s, u, b"\x00" * 12 + b"\x08\x00" + f) for f in ipv4_fragments(ip, 0x4000 + n)]
        frag6 += [(s, u, b"\x00" * 12 + b"\x86\xdd" + f) for f in ipv6_fragments(ip, 0x60000 + n)]
    write_pcap(f"{out_dir}/encap-ipv4-fragments.pcap", 1, frag4)
    write_pcap(f"{out_dir}/encap-ipv6-fragments.pcap", 1, frag6)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
