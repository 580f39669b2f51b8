"""After record.d/expect.py: say in samples/lab-NAME.{expect.json,logs.txt} that scripts/lab made them.

    relabel.py SAMPLES_DIR OUT_NAME SCENARIO WORK_DIR
"""
import json
import os
import struct
import sys

LINK_TYPES = {1: "EN10MB (Ethernet, zero MACs) - libpcap on lo",
              113: "LINUX_SLL (Linux cooked v1) - libpcap on any, each loopback packet once",
              276: "LINUX_SLL2 (Linux cooked v2) - libpcap on any, each loopback packet once"}


def link_type(pcap):
    """The pcap file's own link type (its global header), as the expect.json has always named it."""
    with open(pcap, "rb") as f:
        head = f.read(24)
    magic = head[:4]
    order = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    nanos = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    lt = struct.unpack(order + "I", head[20:24])[0] & 0x0FFFFFFF
    return LINK_TYPES.get(lt, f"linktype {lt}") + (", nanosecond timestamps" if nanos else ", microsecond timestamps")


samples, out, scenario, work = sys.argv[1:5]
path = os.path.join(samples, f"{out}.expect.json")
with open(path) as f:
    doc = json.load(f)
doc["recorded_with"] = f"scripts/lab record {scenario}"
doc.pop("tcpdump", None)
with open(os.path.join(work, "capture-filter.txt")) as f:
    cap = f.read().strip()
with open(os.path.join(work, "uvicorn.cmd")) if os.path.exists(os.path.join(work, "uvicorn.cmd")) else open(os.devnull) as f:
    uv = f.read().strip()
new = {}
for k, v in doc.items():
    new[k] = v
    if k == "recorded_with":
        new["capture"] = doc["capture"]
        iface = cap.split(" -i ", 1)[1].split()[0] if " -i " in cap else "?"
        new["captured_by"] = cap + f"  (live, pcap4j/libpcap on {iface}; stopped with SIGINT)"
        new["uvicorn"] = uv or "not started: nothing listens on the backend port"
if scenario == "h2c-upstream":
    for leg in new["legs"]:
        if leg["leg"].startswith("caddy -> backend"):
            # SamplesTest writes every exchange as "METHOD target status" and needs a request for each
            # response; uvicorn's second answer here (400 to the preface's "SM" line) has none.
            leg["captured"] = False
            leg["on_the_wire_but_not_compared"] = (
                "this leg IS in the pcap: Caddy's HTTP/2 preface + SETTINGS + WINDOW_UPDATE (+ HEADERS for the "
                "plain GET), uvicorn's HTTP/1.1 '404' to 'PRI * HTTP/2.0' and '400 Invalid HTTP request' to 'SM'. "
                "It is marked captured=false only so SamplesTest (one request per response) skips it; "
                "LabScenariosTest asserts it live")
new["link_type"] = link_type(os.path.join(work, f"{out}.pcap"))
pkg = os.path.join(work, "uvicorn-package.txt")   # a uvicorn other than the installed one (uvicorn-current.sh)
if os.path.exists(pkg):
    with open(pkg) as f:
        new["uvicorn_package"] = [line.rstrip("\n") for line in f if line.strip()]
    if "python3-uvicorn" in new.get("software", {}):
        new["software"]["python3-uvicorn"] += " (installed, but NOT the one that ran: see uvicorn_package)"
with open(path, "w") as f:
    json.dump(new, f, indent=2)
    f.write("\n")

logs = os.path.join(samples, f"{out}.logs.txt")
with open(logs) as f:
    text = f.read()
text = text.replace(f"(scripts/record-fixtures {out})", f"(scripts/lab record {scenario})", 1)
text = text.replace("\n## tcpdump\n", "\n## hopsniff capture (stderr)\n", 1)
if os.path.exists(pkg):
    with open(pkg) as f:
        text = text.replace("\n## uvicorn log\n", "\n## uvicorn package (scripts/lab.d/uvicorn-current.sh)\n"
                            + f.read().rstrip() + "\n\n## uvicorn log\n", 1)
with open(logs, "w") as f:
    f.write(text)
