import type { Context } from '../../core/types.js';
import type { PreparedCall } from '../../core/call.js';
import type { SentResponse } from '../../core/redirect.js';

/** What a renderer writes for: the streams (ctx.io), colour settings (ctx.env), and the call. */
export interface RenderTarget {
  ctx: Context;
  call: PreparedCall;
}

/** --dry-run, --curl: the built request is the answer, and nothing is sent. */
export interface OfflineRenderer {
  offline: true;
  request(t: RenderTarget): void;
}

/** The modes that send: they show a 2xx answer's body, and the pages of a --paginate run where they can. */
export interface AnswerRenderer {
  offline?: false;
  body(t: RenderTarget, res: SentResponse): Promise<void>;
  /** One page's values (the page, or its items) as the text for stdout. */
  page?(values: unknown[]): string;
  /** What a page's values show as values, not text (--filter: what it selects): --slurp gathers them. */
  select?(values: unknown[]): unknown[];
  /** After the last page, the text that ends the output (--slurp: the array's closing bracket). */
  end?(): string;
  /** After a --paginate run: a note on stderr, if there is one to make. */
  afterPages?(t: RenderTarget): void;
}

export type Renderer = OfflineRenderer | AnswerRenderer;

export type PagingRenderer = AnswerRenderer & { page(values: unknown[]): string };
