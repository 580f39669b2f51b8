// An h2c client (Node's http2, prior knowledge) that opens WebSockets over HTTP/2 streams (RFC 8441), one after
// the other on one connection: GET /api/status, then for each PATH an extended CONNECT with :protocol websocket.
// It frames its own messages (RFC 6455 §5.2, masked, payloads under 126 bytes): after the server's first two text
// messages it sends "hello"; it answers a close with a close echoing the code and ends its side of the stream.
// It waits 300 ms between requests: hypercorn closes its HTTP/2 connection when a WebSocket stream ends, and a
// proxy that sends the next stream on that connection before it sees the FIN gets no answer (nghttpx then resets
// the client's stream with INTERNAL_ERROR). Prints what it saw as JSON lines (the recording's truth).
// Usage: node h2_ws_client.js HOST PORT PATH...
'use strict';
const http2 = require('node:http2');
const crypto = require('node:crypto');
const [host, port, ...paths] = process.argv.slice(2);
const say = o => console.log(JSON.stringify(o));

function frame(opcode, payload) {
  const mask = crypto.randomBytes(4);
  const out = Buffer.alloc(6 + payload.length);
  out[0] = 0x80 | opcode;
  out[1] = 0x80 | payload.length;
  mask.copy(out, 2);
  for (let i = 0; i < payload.length; i++) out[6 + i] = payload[i] ^ mask[i % 4];
  return out;
}

function get(session, path) {
  return new Promise(done => {
    const req = session.request({':method': 'GET', ':path': path});
    let body = '';
    req.on('response', h => say({path, event: 'response', status: h[':status']}));
    req.on('data', d => { body += d; });
    req.on('error', e => say({path, event: 'stream-error', error: String(e)}));
    req.on('close', () => { say({path, event: 'body', body}); done(); });
    req.end();
  });
}

function websocket(session, path) {
  return new Promise(done => {
    const req = session.request({':method': 'CONNECT', ':protocol': 'websocket', ':scheme': 'http', ':path': path,
      ':authority': `${host}:${port}`, 'sec-websocket-version': '13', 'origin': `http://${host}:${port}`});
    let buf = Buffer.alloc(0);
    let texts = 0;
    req.on('response', h => say({path, event: 'response', status: h[':status']}));
    req.on('data', d => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && (buf[1] & 0x7f) <= 125 && buf.length >= 2 + (buf[1] & 0x7f)) {
        const opcode = buf[0] & 0x0f;
        const payload = buf.subarray(2, 2 + (buf[1] & 0x7f));
        buf = buf.subarray(2 + payload.length);
        if (opcode === 1) {
          say({path, event: 'text', text: payload.toString()});
          if (++texts === 2) req.write(frame(1, Buffer.from('hello')));
        } else if (opcode === 8) {
          const code = payload.length >= 2 ? payload.readUInt16BE(0) : null;
          say({path, event: 'close', code, reason: payload.subarray(2).toString()});
          req.end(frame(8, payload.subarray(0, 2)));
        }
      }
    });
    req.on('error', e => say({path, event: 'stream-error', error: String(e)}));
    req.on('close', () => { say({path, event: 'stream-closed', rstCode: req.rstCode}); done(); });
  });
}

const pause = ms => new Promise(done => setTimeout(done, ms));

const session = http2.connect(`http://${host}:${port}`);
session.on('error', e => { say({event: 'error', error: String(e)}); process.exit(1); });
session.on('remoteSettings', async settings => {
  if (session.started) return;
  session.started = true;
  say({event: 'settings', enableConnectProtocol: Boolean(settings.enableConnectProtocol)});
  await get(session, '/api/status');
  for (const p of paths) {
    await pause(300);
    await websocket(session, p);
  }
  session.close();
});
