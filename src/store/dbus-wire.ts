/**
 * The D-Bus wire format: https://dbus.freedesktop.org/doc/dbus-specification.html#message-protocol
 * Enough for a client: the types mkt's calls and their replies use, and whole messages.
 * Values: y u i → number, b → boolean, s o g → string, ay → Buffer, a{..} → [key, value][],
 * other arrays and structs → arrays, v → { type, value } when written, the bare value when read.
 */

export interface Variant {
  type: string;
  value: unknown;
}

/** The complete types in a signature, e.g. 'sa{ss}v' → ['s', 'a{ss}', 'v']. */
export function splitSignature(signature: string): string[] {
  const types: string[] = [];
  for (let at = 0; at < signature.length; ) {
    const end = endOfType(signature, at);
    types.push(signature.slice(at, end));
    at = end;
  }
  return types;
}

function endOfType(signature: string, at: number): number {
  const c = signature[at];
  if (c === 'a') return endOfType(signature, at + 1);
  if (c === '(' || c === '{') {
    let depth = 0;
    for (let i = at; i < signature.length; i++) {
      if (signature[i] === '(' || signature[i] === '{') depth++;
      else if (signature[i] === ')' || signature[i] === '}') depth--;
      if (depth === 0) return i + 1;
    }
    throw new Error(`unbalanced D-Bus signature ${JSON.stringify(signature)}`);
  }
  if (c === undefined || !'ybnqiuxtdsogvh'.includes(c)) throw new Error(`unsupported D-Bus type ${JSON.stringify(signature.slice(at))}`);
  return at + 1;
}

function alignmentOf(type: string): number {
  switch (type[0]) {
    case 'y': case 'g': case 'v': return 1;
    case 'n': case 'q': return 2;
    case 'x': case 't': case 'd': case '(': case '{': return 8;
    default: return 4;
  }
}

export class Writer {
  private buf = Buffer.alloc(256);
  length = 0;

  constructor(readonly littleEndian = true) {}

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  align(n: number): void {
    const pad = (n - (this.length % n)) % n;
    this.reserve(pad).fill(0);
  }

  byte(v: number): void {
    this.reserve(1)[0] = v;
  }

  u32(v: number): void {
    this.align(4);
    const b = this.reserve(4);
    if (this.littleEndian) b.writeUInt32LE(v);
    else b.writeUInt32BE(v);
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length).set(bytes);
  }

  write(type: string, value: unknown): void {
    switch (type[0]) {
      case 'y': return this.byte(value as number);
      case 'b': return this.u32(value ? 1 : 0);
      case 'u': return this.u32(value as number);
      case 'i': {
        this.align(4);
        const b = this.reserve(4);
        if (this.littleEndian) b.writeInt32LE(value as number);
        else b.writeInt32BE(value as number);
        return;
      }
      case 's': case 'o': {
        const text = Buffer.from(value as string);
        this.u32(text.length);
        this.raw(text);
        return this.byte(0);
      }
      case 'g': {
        const text = Buffer.from(value as string);
        this.byte(text.length);
        this.raw(text);
        return this.byte(0);
      }
      case 'v': {
        const variant = value as Variant;
        this.write('g', variant.type);
        return this.write(variant.type, variant.value);
      }
      case 'a': return this.array(type.slice(1), value as unknown[]);
      case '(': case '{': {
        this.align(8);
        const fields = splitSignature(type.slice(1, -1));
        fields.forEach((field, i) => this.write(field, (value as unknown[])[i]));
        return;
      }
      default: throw new Error(`cannot write D-Bus type ${type}`);
    }
  }

  private array(element: string, items: unknown[] | Uint8Array): void {
    this.u32(0);
    const lengthAt = this.length - 4;
    this.align(alignmentOf(element));
    const start = this.length;
    if (element === 'y') this.raw(items as Uint8Array);
    else for (const item of items as unknown[]) this.write(element, item);
    if (this.littleEndian) this.buf.writeUInt32LE(this.length - start, lengthAt);
    else this.buf.writeUInt32BE(this.length - start, lengthAt);
  }

  /** `n` more bytes at the end, to be filled in by the caller. */
  private reserve(n: number): Buffer {
    if (this.length + n > this.buf.length) {
      const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += n;
    return this.buf.subarray(this.length - n, this.length);
  }
}

/** Reads values from a whole message; offsets (and so alignment) count from the message's first byte. */
export class Reader {
  constructor(
    private readonly buf: Buffer,
    private readonly littleEndian: boolean,
    public pos = 0,
  ) {}

  read(type: string): unknown {
    switch (type[0]) {
      case 'y': return this.take(1)[0];
      case 'b': return this.u32() !== 0;
      case 'u': return this.u32();
      case 'i': this.align(4); return this.littleEndian ? this.take(4).readInt32LE() : this.take(4).readInt32BE();
      case 'n': case 'q': {
        this.align(2);
        const b = this.take(2);
        return type === 'n' ? (this.littleEndian ? b.readInt16LE() : b.readInt16BE()) : this.littleEndian ? b.readUInt16LE() : b.readUInt16BE();
      }
      case 'x': case 't': case 'd': {
        this.align(8);
        const b = this.take(8);
        if (type === 'd') return this.littleEndian ? b.readDoubleLE() : b.readDoubleBE();
        const big = this.littleEndian ? b.readBigUInt64LE() : b.readBigUInt64BE();
        return type === 'x' ? BigInt.asIntN(64, big) : big;
      }
      case 'h': return this.u32();
      case 's': case 'o': {
        const text = this.take(this.u32() + 1);
        return text.toString('utf8', 0, text.length - 1);
      }
      case 'g': {
        const text = this.take(this.take(1)[0]! + 1);
        return text.toString('utf8', 0, text.length - 1);
      }
      case 'v': return this.read(this.read('g') as string);
      case 'a': {
        const length = this.u32();
        const element = type.slice(1);
        this.align(alignmentOf(element));
        if (element === 'y') return Buffer.from(this.take(length));
        const end = this.pos + length;
        const items: unknown[] = [];
        while (this.pos < end) items.push(this.read(element));
        return items;
      }
      case '(': case '{': {
        this.align(8);
        return splitSignature(type.slice(1, -1)).map((field) => this.read(field));
      }
      default: throw new Error(`cannot read D-Bus type ${type}`);
    }
  }

  u32(): number {
    this.align(4);
    const b = this.take(4);
    return this.littleEndian ? b.readUInt32LE() : b.readUInt32BE();
  }

  private align(n: number): void {
    this.pos += (n - (this.pos % n)) % n;
  }

  private take(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new Error('truncated D-Bus message');
    const slice = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return slice;
  }
}

export enum MessageType {
  MethodCall = 1,
  MethodReturn = 2,
  Error = 3,
  Signal = 4,
}

export enum HeaderField {
  Path = 1,
  Interface = 2,
  Member = 3,
  ErrorName = 4,
  ReplySerial = 5,
  Destination = 6,
  Sender = 7,
  Signature = 8,
}

export interface Message {
  type: MessageType;
  serial: number;
  /** Header fields by code (HeaderField), without SIGNATURE: that is `signature`. */
  fields: Map<number, Variant>;
  signature: string;
  body: unknown[];
}

export function encodeMessage(message: Message, littleEndian = true): Buffer {
  const body = new Writer(littleEndian);
  splitSignature(message.signature).forEach((type, i) => body.write(type, message.body[i]));
  const fields = [...message.fields];
  if (message.signature) fields.push([HeaderField.Signature, { type: 'g', value: message.signature }]);
  const head = new Writer(littleEndian);
  for (const byte of [littleEndian ? 0x6c : 0x42, message.type, 0, 1]) head.byte(byte);
  head.u32(body.length);
  head.u32(message.serial);
  head.write('a(yv)', fields);
  head.align(8);
  head.raw(body.bytes());
  return head.bytes();
}

/** The first whole message in `buf` and its length in bytes, or undefined while it is still arriving. */
export function decodeMessage(buf: Buffer): { message: Message; length: number } | undefined {
  if (buf.length < 16) return undefined;
  const littleEndian = buf[0] === 0x6c;
  if (!littleEndian && buf[0] !== 0x42) throw new Error('not a D-Bus message');
  const reader = new Reader(buf, littleEndian, 4);
  const bodyLength = reader.u32();
  const serial = reader.u32();
  const fieldsLength = reader.u32();
  const bodyStart = 16 + fieldsLength + ((8 - ((16 + fieldsLength) % 8)) % 8);
  const length = bodyStart + bodyLength;
  if (buf.length < length) return undefined;
  const whole = buf.subarray(0, length);
  const head = new Reader(whole, littleEndian, 12);
  // Read field by field, keeping each value's type (the generic reader would drop it).
  const fields = new Map<number, Variant>();
  const end = head.u32() + head.pos;
  while (head.pos < end) {
    head.pos += (8 - (head.pos % 8)) % 8;
    const code = head.read('y') as number;
    const type = head.read('g') as string;
    fields.set(code, { type, value: head.read(type) });
  }
  const signature = (fields.get(HeaderField.Signature)?.value as string | undefined) ?? '';
  fields.delete(HeaderField.Signature);
  const body = new Reader(whole, littleEndian, bodyStart);
  return { length, message: { type: whole[1]!, serial, fields, signature, body: splitSignature(signature).map((type) => body.read(type)) } };
}
