/** The hostile server (test/helpers/hostile-server.mjs) for the tests of one file or one describe block. */
import { afterAll, beforeAll } from 'vitest';
import type { Server } from 'node:http';
import { hostileServer, listen, shut } from './hostile-server.mjs';

/** Starts it before the tests of the scope it is called in, stops it after; `url` is set once started. */
export function useHostileServer(): { readonly url: string } {
  let server: Server | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    server = hostileServer();
    url = await listen(server);
  });
  afterAll(() => (server ? shut(server) : undefined));
  return {
    get url() {
      if (url === undefined) throw new Error('the hostile server is not started yet: read url inside a test');
      return url;
    },
  };
}
