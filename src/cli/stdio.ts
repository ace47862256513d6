import { fstatSync, statSync, writeSync } from 'node:fs';

const REAL = Symbol('real stream');
const EXISTING = Symbol('stream if created');
const GONE = Symbol('reader gone');
const FAILED = Symbol('write failed');

/**
 * process.stdout or process.stderr as the commands see them, without creating the stream until
 * something needs it. Creating one loads Node's stream and net modules: ~3 ms on Node 20, more than
 * most commands spend on their own work. So writes go straight to the file descriptor, and
 * `isTTY` is answered from fstat where that settles it (a file, a pipe, /dev/null); anything else
 * (events, pipe(), columns, a terminal) creates the real stream, which then takes every later write,
 * so output stays in order. A write the descriptor does not take whole (a full non-blocking pipe) is
 * handed to the real stream too. When the reader has gone (EPIPE), the rest of the output is dropped;
 * when a write fails otherwise (a full disk, an I/O error), so is the rest, and the failure is kept
 * for run() to report: a command whose output was lost must not exit 0.
 */
export function lazyStdio(fd: 1 | 2, create: () => NodeJS.WriteStream): NodeJS.WriteStream {
  let stream: NodeJS.WriteStream | undefined;
  // A reader that went away (`mkt providers | head -1`) ends the output quietly, whoever writes.
  let readerGone = false;
  let failure: NodeJS.ErrnoException | undefined;
  const failed = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') readerGone = true;
    else failure ??= error;
  };
  const real = () => {
    if (!stream) (stream = create()).on('error', failed);
    return stream;
  };

  function write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), done?: (err?: Error | null) => void): boolean {
    if (typeof encoding === 'function') [done, encoding] = [encoding, undefined];
    if (readerGone || failure) {
      if (done) process.nextTick(done);
      return true;
    }
    // The callback's error is kept at once: the stream's 'error' event comes a tick later, after a
    // final flush may have been taken for done.
    if (stream) {
      return stream.write(chunk, encoding ?? 'utf8', (err) => {
        if (err) failed(err);
        done?.(err);
      });
    }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk;
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch (error) {
      // A full non-blocking pipe: the real stream waits for it to drain.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        real();
        return write(bytes.subarray(written), done);
      }
      failed(error as NodeJS.ErrnoException);
    }
    if (done) process.nextTick(done);
    return true;
  }

  return new Proxy({} as NodeJS.WriteStream, {
    has: (_, key) => key === EXISTING || key === REAL || key === GONE || key === FAILED || Reflect.has(real(), key),
    get(_, key) {
      if (key === 'write') return write;
      if (key === REAL) return real();
      if (key === EXISTING) return stream;
      if (key === GONE) return readerGone;
      if (key === FAILED) return failure;
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

/** Why a write to a lazyStdio failed (not EPIPE: a reader gone is no failure), or undefined. */
export function writeFailure(stream: NodeJS.WritableStream): NodeJS.ErrnoException | undefined {
  return (stream as unknown as Record<symbol, NodeJS.ErrnoException | undefined>)[FAILED];
}

/** `no space left on device (ENOSPC)` from Node's `ENOSPC: no space left on device, write`. */
export function describeWriteFailure(error: NodeJS.ErrnoException): string {
  const text = error.message.split('\n')[0]!.replace(/^[A-Z0-9_]+: /, '').replace(/, write$/, '');
  return error.code && !text.includes(error.code) ? `${text} (${error.code})` : text;
}

/** Output is created lazily: only streams that exist can have anything left to flush, or a failure to report. */
export function flushed(stdio: NodeJS.WritableStream): Promise<void> {
  const stream = streamIfCreated(stdio) as NodeJS.WriteStream | undefined;
  // Through `stdio`, whose write() keeps the error of a write that failed (see writeFailure). Even
  // with nothing queued: a failed write calls back on a later tick, after the awaits that end a command.
  return stream ? new Promise((resolve) => stdio.write('', () => resolve())) : Promise.resolve();
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
