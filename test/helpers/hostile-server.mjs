// Servers that misbehave on purpose, in ways the sandbox has no switch for, and the small server
// plumbing around them. One copy for test/integration/network-faults.test.ts and scripts/reliability.mjs:
// plain JavaScript, so the script runs it under plain `node`; the types are in hostile-server.d.mts.
import { createServer, request } from 'node:http';

/** Listens on a free loopback port; resolves with the server's base URL. */
export async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

/** Closes the server and every connection still open on it. */
export const shut = (server) => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

/** A port with nothing listening on it: connecting is refused. */
export async function closedPort() {
  const server = createServer();
  await listen(server);
  const { port } = server.address();
  await shut(server);
  return port;
}

/**
 * A proxy in front of the sandbox that adds a fault to every request: the first path segment is
 * the fault (`/reset/ozon/v1/roles` → the sandbox's `/ozon/v1/roles` with `X-Sandbox-Fault: reset`).
 * `whoami` sends no custom header, so this is how it meets the faults. `/none/...` adds none.
 */
export function faultProxy(sandboxUrl) {
  return createServer((req, res) => {
    const [, fault = '', ...rest] = (req.url ?? '/').split('/');
    const headers = { ...req.headers, ...(fault === 'none' ? {} : { 'x-sandbox-fault': decodeURIComponent(fault) }) };
    const upstream = request(`${sandboxUrl}/${rest.join('/')}`, { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      up.on('error', () => res.destroy());
      up.on('aborted', () => res.destroy());
    });
    upstream.on('error', () => res.socket?.resetAndDestroy());
    req.pipe(upstream);
  });
}

/** A 200 whose JSON body comes one character every `everyMs` (content-length set, headers at once). */
export function drip(res, text, everyMs) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.flushHeaders();
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    res.write(text[i++]);
    if (i >= text.length) {
      clearInterval(timer);
      res.end();
    }
  }, everyMs);
}

/** A 500 with `mb` MiB of text, written as fast as the reader takes it. */
export function hugeError(res, mb) {
  res.writeHead(500, { 'content-type': 'text/plain' });
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  let left = mb;
  const pump = () => {
    while (left > 0) {
      left--;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

/** An answer that is not HTTP at all (an SSH banner), then the connection ends. */
export function notHttp(res) {
  res.socket?.end('SSH-2.0-OpenSSH_9.6\r\n\r\n');
}

/** A 200 page of one Ozon item whose cursor is always the same: --paginate must stop. */
export function repeatCursor(res) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ result: { items: [{ offer_id: 'A' }], last_id: 'same-cursor-again' } }));
}

/** A 200 page with items whose cursor is in a field no provider uses: --paginate must say it stopped. */
export function unknownPaging(res) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ result: { items: [{ offer_id: 'A' }, { offer_id: 'B' }], next_page_marker: 'm2' } }));
}

/** The credential a request carried (Ozon's Api-Key, or the token of an Authorization header). */
const credentialOf = (req) => String(req.headers['api-key'] ?? req.headers.authorization ?? '').replace(/^\S+\s+/, '');

/**
 * A 302 whose Location is `location` with the request's credential in it (as a hostile or broken
 * server might echo it): mkt must neither crash on it nor show the key.
 */
export function badLocation(res, req, location) {
  res.writeHead(302, { location: location.replace('KEY', encodeURIComponent(credentialOf(req))) });
  res.end();
}

/** The Locations URL parsers refuse, and the schemes that are not http(s), by route. */
export const BAD_LOCATIONS = {
  '/location-bracket': 'http://[/?key=KEY',
  '/location-space': 'http://a b/?key=KEY',
  '/location-no-host': 'https://:443/x?key=KEY',
  '/location-javascript': 'javascript:alert("KEY")',
  '/location-file': 'file:///etc/passwd?KEY',
  '/location-data': 'data:text/plain,KEY',
};

/** A JSON value nested `depth` arrays deep (JSON.parse takes any depth; walking it recursively overflows). */
export const deepJson = (depth, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** A 200 answer nested 5,000 deep, inside what each provider's identity check reads. */
export function deepAnswer(res) {
  const deep = deepJson(5000);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(`{"expires_at":"2030-01-01T00:00:00Z","roles":[{"name":"Admin","methods":${deep}}],"result":{"items":${deep},"last_id":"","apiKey":{"name":"k","authScopes":${deep}}},"data":${deep}}`);
}

/**
 * `101 Switching Protocols` to a request that asked for no upgrade, then silence (the socket stays
 * open). `upgrade: false` leaves out the Upgrade header, which some clients need to see it as one.
 */
export function switchProtocols(res, { upgrade = true } = {}) {
  res.socket?.write(`HTTP/1.1 101 Switching Protocols\r\n${upgrade ? 'Upgrade: websocket\r\nConnection: Upgrade\r\n' : ''}\r\n`);
}

/** `102 Processing` every `everyMs`, and never a final answer. */
export function processingForever(res, everyMs = 200) {
  res.writeProcessing();
  const timer = setInterval(() => (res.socket && !res.socket.destroyed ? res.writeProcessing() : clearInterval(timer)), everyMs);
  res.on('close', () => clearInterval(timer));
}

/** The hostile behaviours above, by the first path segment; anything else is a 404. */
export const HOSTILE_ROUTES = {
  ...Object.fromEntries(Object.entries(BAD_LOCATIONS).map(([route, location]) => [route, (res, req) => badLocation(res, req, location)])),
  '/redirect-loop': (res) => { res.writeHead(302, { location: '/redirect-loop' }); res.end(); },
  '/deep-json': deepAnswer,
  '/drip-slow': (res) => drip(res, '{"drip":"0123456789"}', 100), // ~2 s in all, never 1 s of silence
  '/drip-silent': (res) => drip(res, '{"a":1}', 1_500),
  '/huge-error': (res) => hugeError(res, 40),
  '/not-http': notHttp,
  '/repeat-cursor': repeatCursor,
  '/unknown-paging': unknownPaging,
  '/switch-protocols': (res) => switchProtocols(res),
  '/switch-bare': (res) => switchProtocols(res, { upgrade: false }),
  '/processing-forever': (res) => processingForever(res),
};

/** A server that answers every request (after reading its body) with the route its path starts with. */
export function hostileServer() {
  return createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '/';
      const route = Object.entries(HOSTILE_ROUTES).find(([prefix]) => path.startsWith(prefix));
      if (route) route[1](res, req);
      else res.writeHead(404).end();
    });
  });
}
