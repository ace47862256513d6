import { fstatSync, statSync, writeSync } from 'node:fs';

const REAL = Symbol('real stream');
const EXISTING = Symbol('stream if created');
const GONE = Symbol('reader gone');

/**
 * process.stdout or process.stderr as the commands see them, without creating the stream until
 * something needs it. Creating one loads Node's stream and net modules: ~3 ms on Node 20, more than
 * most commands spend on their own work. So writes go straight to the file descriptor, and
 * `isTTY` is answered from fstat where that settles it (a file, a pipe, /dev/null); anything else
 * (events, pipe(), columns, a terminal) creates the real stream, which then takes every later write,
 * so output stays in order. A write the descriptor does not take whole (a full non-blocking pipe) is
 * handed to the real stream too. When the reader has gone (EPIPE), the rest of the output is dropped.
 */
export function lazyStdio(fd: 1 | 2, create: () => NodeJS.WriteStream): NodeJS.WriteStream {
  let stream: NodeJS.WriteStream | undefined;
  // A reader that went away (`mkt providers | head -1`) ends the output quietly, whoever writes.
  let readerGone = false;
  const real = () => {
    if (!stream) {
      const created = (stream = create());
      created.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') readerGone = true;
        else if (created.listenerCount('error') === 1) throw error; // nobody else listens: as if this did not
      });
    }
    return stream;
  };

  function write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), done?: (err?: Error | null) => void): boolean {
    if (typeof encoding === 'function') [done, encoding] = [encoding, undefined];
    if (readerGone) {
      if (done) process.nextTick(done);
      return true;
    }
    if (stream) return stream.write(chunk, encoding ?? 'utf8', done);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk;
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') return real().write(bytes.subarray(written), done);
      readerGone = true;
    }
    if (done) process.nextTick(done);
    return true;
  }

  return new Proxy({} as NodeJS.WriteStream, {
    has: (_, key) => key === EXISTING || key === REAL || key === GONE || Reflect.has(real(), key),
    get(_, key) {
      if (key === 'write') return write;
      if (key === REAL) return real();
      if (key === EXISTING) return stream;
      if (key === GONE) return readerGone;
      if (key === 'isTTY' && !stream && !mayBeTerminal(fd)) return false;
      const target = real();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The stream behind a lazyStdio (for pipeline(), which keeps a reference to its destination); any other stream as is. */
export function realStream<T extends NodeJS.WritableStream>(stream: T): T {
  return ((stream as unknown as Record<symbol, T | undefined>)[REAL]) ?? stream;
}

/** The stream behind a lazyStdio if it has been created (else undefined); any other stream as is. */
export function streamIfCreated<T extends NodeJS.WritableStream>(stream: T): T | undefined {
  return EXISTING in stream ? (stream as unknown as Record<symbol, T | undefined>)[EXISTING] : stream;
}

/** Whether the reader of a lazyStdio went away (EPIPE): there is no point in producing more output. */
export function readerGone(stream: NodeJS.WritableStream): boolean {
  return (stream as unknown as Record<symbol, boolean | undefined>)[GONE] === true;
}

/** Output is created lazily: only streams that exist can have anything left to flush. */
export function flushed(stdio: NodeJS.WriteStream): Promise<void> {
  const stream = streamIfCreated(stdio);
  return stream?.writableLength ? new Promise((resolve) => stream.write('', () => resolve())) : Promise.resolve();
}

/** Only a character device other than /dev/null can be a terminal. */
function mayBeTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isCharacterDevice() && stat.rdev !== statSync('/dev/null').rdev;
  } catch {
    return true; // let the real stream decide
  }
}
