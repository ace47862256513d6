import { afterEach, describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, HeaderField, MessageType, Reader, splitSignature, Writer } from '../../src/store/dbus-wire.js';
import { DBusError, openBus, type MethodCall } from '../../src/store/dbus-connection.js';
import { ASK_THE_LIBRARY, readSecret } from '../../src/store/secret-service-reader.js';
import { BusUnreachableError } from '../../src/store/session-bus.js';
import { secretService, startFakeBus, type FakeBus, type FakeBusOptions } from '../helpers/fake-bus.js';

describe('D-Bus wire format', () => {
  it('pads to each type’s alignment (a byte, then a dict of strings)', () => {
    const w = new Writer();
    w.write('y', 1);
    w.write('a{ss}', [['a', 'b']]);
    // 01 pad(3) | array length 14 | (entries align to 8: already) "a" | pad(2) | "b"
    expect(w.bytes().toString('hex')).toBe('01000000' + '0e000000' + '01000000' + '6100' + '0000' + '01000000' + '6200');
    const v = new Writer();
    v.write('s', '');
    v.write('a{ss}', [['a', 'b']]);
    // "" | pad(3) | array length 14 | pad(4): entries start on 8 | "a" | pad(2) | "b"
    expect(v.bytes().toString('hex')).toBe('00000000' + '00' + '000000' + '0e000000' + '00000000' + '01000000' + '6100' + '0000' + '01000000' + '6200');
  });

  const cases: [string, unknown][] = [
    ['y', 255], ['b', true], ['u', 4_000_000_000], ['i', -7], ['s', 'héllo ☃'], ['o', '/org/freedesktop/secrets'], ['g', 'a{sv}'],
    ['ay', Buffer.from([0, 1, 2, 250])], ['as', ['', 'x', 'yy']], ['a{ss}', [['service', 'mkt'], ['username', 'ozon:default']]],
    ['(oayays)', ['/s/1', Buffer.alloc(16, 9), Buffer.from('secret'), 'text/plain']], ['ao', []], ['a(yv)', [[1, 'o-value']]],
  ];
  for (const littleEndian of [true, false]) {
    it(`reads back what it writes (${littleEndian ? 'little' : 'big'}-endian), after a byte that misaligns everything`, () => {
      for (const [type, value] of cases) {
        const w = new Writer(littleEndian);
        w.write('y', 7);
        // A variant's value is read back bare; written, it needs its type.
        w.write(type === 'a(yv)' ? 'a(yv)' : type, type === 'a(yv)' ? [[1, { type: 's', value: 'o-value' }]] : value);
        const r = new Reader(w.bytes(), littleEndian, 0);
        expect(r.read('y')).toBe(7);
        expect(r.read(type), type).toEqual(value);
        expect(r.pos, type).toBe(w.length);
      }
    });
  }

  it('splits signatures into complete types, and refuses what it cannot read', () => {
    expect(splitSignature('sa{sv}(oayays)aao')).toEqual(['s', 'a{sv}', '(oayays)', 'aao']);
    expect(() => splitSignature('a{ss')).toThrow(/unbalanced/);
    expect(() => splitSignature('z')).toThrow(/unsupported/);
    expect(() => new Reader(Buffer.from([5, 0, 0, 0, 97]), true).read('s')).toThrow(/truncated/);
  });

  it('encodes and decodes whole messages, and waits for the rest of one that is still arriving', () => {
    for (const littleEndian of [true, false]) {
      const fields = new Map([[HeaderField.Path, { type: 'o', value: '/a/b' }], [HeaderField.Member, { type: 's', value: 'GetSecret' }]]);
      const bytes = encodeMessage({ type: MessageType.MethodCall, serial: 9, fields, signature: 'so', body: ['x', '/p'] }, littleEndian);
      expect(decodeMessage(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
      const decoded = decodeMessage(Buffer.concat([bytes, Buffer.from('next')]))!;
      expect(decoded.length).toBe(bytes.length);
      expect(decoded.message).toEqual({ type: MessageType.MethodCall, serial: 9, fields, signature: 'so', body: ['x', '/p'] });
    }
    expect(() => decodeMessage(Buffer.alloc(16, 0x41))).toThrow(/not a D-Bus message/);
  });
});

const buses: FakeBus[] = [];
afterEach(async () => {
  for (const bus of buses.splice(0)) await bus.close();
});
async function fakeBus(opts: FakeBusOptions): Promise<FakeBus> {
  const bus = await startFakeBus(opts);
  buses.push(bus);
  return bus;
}

const call = (member: string): MethodCall => ({ destination: 'org.example', path: '/x', interface: 'org.example.I', member });
const HELLO: MethodCall = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'Hello' };

describe('D-Bus connection', () => {
  it('sends calls without waiting and matches each reply to its call, even trickled byte by byte from a big-endian peer', async () => {
    const bus = await fakeBus({
      answer: (_, member) => (member === 'Fail' ? { error: 'org.example.Error.Nope', text: 'no' } : { reply: { signature: 'su', body: [member, 42] } }),
      holdUntil: 4,
      trickle: true,
      bigEndian: true,
    });
    const conn = openBus(bus.socket, new AbortController().signal);
    const results = [conn.call(HELLO), conn.call(call('A')), conn.call(call('Fail')), conn.call(call('B'))];
    expect(await results[0]).toEqual(['Hello', 42]);
    expect(await results[1]).toEqual(['A', 42]);
    await expect(results[2]).rejects.toEqual(new DBusError('org.example.Error.Nope', 'no'));
    expect(await results[3]).toEqual(['B', 42]);
    expect(bus.calls).toEqual(['Hello', 'A', 'Fail', 'B']);
    conn.close();
  });

  it('reports a refused authentication, a missing socket and a bus that hangs up as an unreachable bus', async () => {
    const refusing = await fakeBus({ answer: () => ({ none: true }), authReply: 'REJECTED EXTERNAL' });
    await expect(openBus(refusing.socket, new AbortController().signal).call(HELLO)).rejects.toThrow(/authentication refused \(REJECTED EXTERNAL\)/);

    const missing = openBus('/nonexistent/mkt-test-bus', new AbortController().signal).call(HELLO);
    await expect(missing).rejects.toBeInstanceOf(BusUnreachableError);
    await expect(missing).rejects.toThrow(/ENOENT/);

    const hangingUp = await fakeBus({ answer: () => ({ hangUp: true }) });
    const conn = openBus(hangingUp.socket, new AbortController().signal);
    const pending = [conn.call(HELLO), conn.call(call('A'))];
    for (const p of pending) await expect(p).rejects.toThrow(/cannot connect to the D-Bus session bus at .* \(closed\)/);
    await expect(conn.call(call('after'))).rejects.toThrow(/closed/);
  });

  it('gives up on every pending call when the signal aborts, with its reason', async () => {
    const silent = await fakeBus({ answer: () => ({ none: true }) });
    const controller = new AbortController();
    const conn = openBus(silent.socket, controller.signal);
    const pending = [conn.call(HELLO), conn.call(call('A'))];
    controller.abort(new Error('time is up'));
    for (const p of pending) await expect(p).rejects.toThrow('time is up');
    await expect(conn.call(call('after'))).rejects.toThrow('time is up');
  });
});

describe('readSecret (a Secret Service over D-Bus)', () => {
  const ATTRS = { service: 'mkt', username: 'ozon:default' };
  const read = (bus: FakeBus) => readSecret(bus.socket, ATTRS, new AbortController().signal);

  it('asks once for Hello, OpenSession and SearchItems, then GetSecret, and returns the text', async () => {
    const bus = await fakeBus({ answer: secretService({ unlocked: { '/item/1': Buffer.from('{"apiKey":"ключ"}') } }), holdUntil: 3 });
    let answered = false;
    expect(await readSecret(bus.socket, ATTRS, new AbortController().signal, () => (answered = true))).toBe('{"apiKey":"ключ"}');
    expect(answered).toBe(true);
    expect(bus.calls).toEqual(['Hello', 'OpenSession', 'SearchItems', 'GetSecret']);
  });

  it('returns undefined when nothing matches, without asking for a secret', async () => {
    const bus = await fakeBus({ answer: secretService({}) });
    expect(await read(bus)).toBeUndefined();
    expect(bus.calls).not.toContain('GetSecret');
  });

  it('leaves to the library what only it can do: a locked item, several matches, "plain" refused, bytes that are not text', async () => {
    const cases = [
      secretService({ locked: ['/item/1'] }),
      secretService({ unlocked: { '/item/1': Buffer.from('a') }, locked: ['/item/2'] }),
      secretService({ unlocked: { '/item/1': Buffer.from('a'), '/item/2': Buffer.from('b') } }),
      secretService({ unlocked: { '/item/1': Buffer.from('a') }, refusePlain: true }),
      secretService({ unlocked: { '/item/1': Buffer.from([0xff, 0xfe]) } }),
    ];
    for (const answer of cases) expect(await read(await fakeBus({ answer }))).toBe(ASK_THE_LIBRARY);
  });

  it('leaves an error reply to the library too (no Secret Service on the bus), but throws when the bus cannot be reached', async () => {
    const bus = await fakeBus({
      answer: (_, member) => (member === 'Hello' ? { reply: { signature: 's', body: [':1.1'] } } : { error: 'org.freedesktop.DBus.Error.ServiceUnknown', text: 'The name org.freedesktop.secrets was not provided by any .service files' }),
    });
    expect(await read(bus)).toBe(ASK_THE_LIBRARY);
    await expect(readSecret('/nonexistent/mkt-test-bus', ATTRS, new AbortController().signal)).rejects.toBeInstanceOf(BusUnreachableError);
  });
});
