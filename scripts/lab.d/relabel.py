"""After record.d/expect.py: say in samples/lab-NAME.{expect.json,logs.txt} that scripts/lab made them.

    relabel.py SAMPLES_DIR OUT_NAME SCENARIO WORK_DIR
"""
import json
import os
import sys

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
        new["captured_by"] = cap + "  (live, pcap4j/libpcap on lo; stopped with SIGINT)"
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
new["link_type"] = "EN10MB (Ethernet, zero MACs) - libpcap on lo, nanosecond timestamps"
with open(path, "w") as f:
    json.dump(new, f, indent=2)
    f.write("\n")

logs = os.path.join(samples, f"{out}.logs.txt")
with open(logs) as f:
    text = f.read()
text = text.replace(f"(scripts/record-fixtures {out})", f"(scripts/lab record {scenario})", 1)
text = text.replace("\n## tcpdump\n", "\n## hopsniff capture (stderr)\n", 1)
with open(logs, "w") as f:
    f.write(text)
