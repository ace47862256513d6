import type { ServerResponse } from 'node:http';

const MB = 1024 * 1024;
export const MAX_BIG_MB = 4096;

/**
 * Streams about `mb` MiB of valid JSON (an array of objects), one chunk at a time and
 * only when the socket drains, so the server's memory stays flat whatever the size.
 */
export function streamBigJson(res: ServerResponse, mb: number): void {
  const target = mb * MB;
  const pad = 'x'.repeat(200);
  let sent = 0;
  let index = 0;

  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.on('drain', pump);
  res.on('close', () => res.off('drain', pump));
  pump();

  function pump(): void {
    while (!res.destroyed) {
      if (sent >= target) {
        res.end(index === 0 ? '[]' : ']');
        return;
      }
      const chunk = nextChunk();
      sent += chunk.length;
      if (!res.write(chunk)) return;
    }
  }

  function nextChunk(): string {
    const parts: string[] = [];
    let size = 0;
    while (size < 64 * 1024 && sent + size < target) {
      const item = `${index === 0 ? '[' : ','}{"index":${index},"sku":"BIG-${index}","pad":"${pad}"}`;
      parts.push(item);
      size += item.length;
      index += 1;
    }
    return parts.join('');
  }
}
