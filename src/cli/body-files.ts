import { closeSync, constants, createReadStream, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { FileRefusedError, MAX_BODY_FILE_BYTES, tooLarge } from '../core/body-file.js';

/**
 * Opens a body file and checks what the descriptor is before anything is read from it: checking the
 * path first and opening it after would let a swapped file through. O_NONBLOCK so that opening a
 * FIFO with no writer returns at once (to be refused) instead of blocking forever.
 */
function openRegular(path: string, option: string): number {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileRefusedError(`not a regular file (${kindOf(stat)}); ${option} reads regular files only`);
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSocket()) return 'a socket';
  return 'of another kind';
}

/**
 * A body file's text, refused past MAX_BODY_FILE_BYTES. The size on record is checked first, and
 * the reading stops at the limit too: a file can grow while it is read, or report no size (/proc).
 */
export function readBodyFile(path: string, option: string, tooBig = () => tooLarge(option)): string {
  const fd = openRegular(path, option);
  try {
    if (fstatSync(fd).size > MAX_BODY_FILE_BYTES) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_BODY_FILE_BYTES) throw tooBig();
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** `--input FILE`: streamed, so no size limit; but a regular file, checked on the opened descriptor. */
export function openBodyStream(path: string): NodeJS.ReadableStream {
  return createReadStream(path, { fd: openRegular(path, '--input') });
}
