"""Replica of the dashboard backend, used only to record test fixtures.

Run with Debian's system python (uvicorn/fastapi/websockets come from apt):
    /usr/bin/python3 -m uvicorn --app-dir scripts/record.d app:app --host 127.0.0.1 --port 12656

Endpoints:
    GET  /                 small HTML page
    GET  /proto            the same page, its WebSocket asking for subprotocol dashboard.v1 (which /ws/ never
                           selects: websocket.accept() without subprotocol=, a common FastAPI mistake)
    GET  /api/status       JSON
    POST /api/echo         JSON echo of the request body
    GET  /stream           chunked StreamingResponse (a few text lines)
    WS   /ws/{session_id}  sends two log lines, echoes one message, closes with 1000; /ws/expired is accepted
                           and closed at once with 1008 "session expired" (how apps refuse a session after
                           accept(): FastAPI's docs use WS_1008_POLICY_VIOLATION); /ws/busy blocks the event loop
                           for 4 s after its two log lines (time.sleep in an async endpoint, the classic mistake),
                           so nothing on that server answers a ping meanwhile

With LAB_ALLOWED_HOSTS=name[,name...] in the environment the app checks Host with Starlette's
TrustedHostMiddleware, as FastAPI's docs suggest for production: a request for any other host gets 400
"Invalid host header"; a WebSocket handshake gets 500 on Debian 12 (Starlette 0.26 sends an HTTP response
to the WebSocket, which uvicorn 0.17.6 refuses).
"""
import asyncio
import logging
import os
import time

from fastapi import FastAPI, Request, WebSocket
from fastapi.responses import HTMLResponse, StreamingResponse

app = FastAPI(title="dashboard-replica")
if os.environ.get("LAB_ALLOWED_HOSTS"):
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    app.add_middleware(TrustedHostMiddleware, allowed_hosts=os.environ["LAB_ALLOWED_HOSTS"].split(","))
log = logging.getLogger("uvicorn.error")  # goes to uvicorn's stderr log

INDEX = """<!doctype html>
<html><head><title>Dashboard</title></head>
<body><h1>Dashboard</h1><pre id="log"></pre>
<script>
const ws = new WebSocket(`ws://${location.host}/ws/abc123`);
ws.onmessage = (e) => { document.getElementById("log").textContent += e.data + "\\n"; };
</script></body></html>
"""


PROTO = """<!doctype html>
<html><head><title>Dashboard</title></head>
<body><h1>Dashboard</h1><pre id="log"></pre>
<script>
const log = (t) => { document.getElementById("log").textContent += t + "\\n"; };
const ws = new WebSocket(`ws://${location.host}/ws/abc123`, ["dashboard.v1"]);
ws.onopen = () => log(`open protocol=${ws.protocol}`);
ws.onmessage = (e) => log(e.data);
ws.onerror = () => log("error");
ws.onclose = (e) => log(`close code=${e.code} clean=${e.wasClean}`);
</script></body></html>
"""


@app.get("/", response_class=HTMLResponse)
async def index() -> str:
    return INDEX


@app.get("/proto", response_class=HTMLResponse)
async def proto() -> str:
    return PROTO


@app.get("/api/status")
async def status() -> dict:
    return {"status": "ok", "sessions": 1, "version": "replica-1"}


@app.post("/api/echo")
async def echo(request: Request) -> dict:
    body = await request.json()
    return {"echo": body}


@app.get("/stream")
async def stream() -> StreamingResponse:
    async def lines():
        for i in range(1, 4):
            yield f"line {i}\n"
            await asyncio.sleep(0.05)

    return StreamingResponse(lines(), media_type="text/plain")


@app.websocket("/ws/{session_id}")
async def ws(websocket: WebSocket, session_id: str) -> None:
    await websocket.accept()
    client = f"{websocket.client.host}:{websocket.client.port}"
    if session_id == "expired":
        await websocket.close(code=1008, reason="session expired")
        log.info("app-ws %s sent close 1008", client)
        return
    for text in (f"log: session {session_id} attached", "log: tailing dashboard.log"):
        await websocket.send_text(text)
        log.info("app-ws %s sent %r", client, text)
    if session_id == "busy":
        log.info("app-ws %s blocking the event loop for 4 s", client)
        time.sleep(4)  # deliberately synchronous: the whole server stops, pongs included
    msg = await websocket.receive_text()
    log.info("app-ws %s received %r", client, msg)
    text = f"echo: {msg}"
    await websocket.send_text(text)
    log.info("app-ws %s sent %r", client, text)
    await websocket.close(code=1000)
    log.info("app-ws %s sent close 1000", client)
