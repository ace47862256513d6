import { afterEach, describe, expect, it } from 'vitest';
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWriteFailure, flushed, lazyStdio, realStream, writeFailure } from '../../src/cli/stdio.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A lazyStdio over a temp file's descriptor; `created` counts how often the real stream was made. */
function overTempFile() {
  const dir = mkdtempSync(join(tmpdir(), 'mkt-stdio-'));
  dirs.push(dir);
  const path = join(dir, 'out');
  const fd = openSync(path, 'w');
  const state = { created: 0 };
  const stdio = lazyStdio(fd as 1, () => {
    state.created++;
    return createWriteStream('', { fd, autoClose: false }) as unknown as NodeJS.WriteStream;
  });
  return { stdio, state, read: () => readFileSync(path, 'utf8'), close: () => closeSync(fd) };
}

describe('lazyStdio', () => {
  it('writes strings and bytes to the descriptor without creating the stream, and calls back', async () => {
    const out = overTempFile();
    const called = new Promise<void>((resolve) => out.stdio.write('é\n', () => resolve()));
    out.stdio.write(Buffer.from('bytes\n'));
    out.stdio.write('latin1 é\n', 'latin1'); // é as the one byte 0xe9: not UTF-8 when read back
    await called;
    expect(out.read()).toBe('é\nbytes\nlatin1 \ufffd\n');
    expect(out.state.created).toBe(0);
    out.close();
  });

  it('says a file is no terminal without creating the stream', () => {
    const out = overTempFile();
    expect(out.stdio.isTTY).toBe(false);
    expect(out.state.created).toBe(0);
    out.close();
  });

  it('creates the stream once for anything else, and keeps the order of writes from then on', async () => {
    const out = overTempFile();
    out.stdio.write('one\n');
    const onError = () => {};
    out.stdio.on('error', onError);
    expect(out.state.created).toBe(1);
    out.stdio.write('two\n');
    out.stdio.off('error', onError);
    expect(realStream(out.stdio)).toBe(realStream(out.stdio));
    await flushed(out.stdio);
    expect(out.read()).toBe('one\ntwo\n');
    expect(out.state.created).toBe(1);
    out.close();
  });

  it('keeps a write the descriptor refuses as the failure, drops the rest, and throws nothing', async () => {
    const out = overTempFile();
    expect(writeFailure(out.stdio)).toBeUndefined();
    out.close(); // EBADF from now on
    out.stdio.write('lost\n');
    await new Promise<void>((resolve) => out.stdio.write('also lost\n', () => resolve()));
    expect(writeFailure(out.stdio)?.code).toBe('EBADF');
    expect(out.state.created).toBe(0);
  });

  it('keeps the failure of a write through the real stream, reported by the next flush at the latest', async () => {
    const out = overTempFile();
    out.stdio.on('error', () => {}); // creates the stream
    out.close();
    out.stdio.write('lost\n');
    await flushed(out.stdio);
    expect(writeFailure(out.stdio)?.code).toBe('EBADF');
  });

  it('names a write failure by its reason and code', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(describeWriteFailure(enospc)).toBe('no space left on device (ENOSPC)');
    const other = Object.assign(new Error('Cannot call write after a stream was destroyed'), { code: 'ERR_STREAM_DESTROYED' });
    expect(describeWriteFailure(other)).toBe('Cannot call write after a stream was destroyed (ERR_STREAM_DESTROYED)');
  });

  it('leaves any other stream as it is', () => {
    const stream = createWriteStream('/dev/null');
    expect(realStream(stream)).toBe(stream);
    stream.destroy();
  });
});
