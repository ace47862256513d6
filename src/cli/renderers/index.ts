/** The renderers of `mkt call`, by output mode: chosen once from the flags (./choose.ts). */
import type { Mode, OutputChoice } from './choose.js';
import type { AnswerRenderer, PagingRenderer, Renderer } from './types.js';
import { curl, dryRun } from './offline.js';
import { include, json, pretty, raw } from './body.js';
import { filter } from './filter.js';
import { table } from './table.js';
import { slurp } from './slurp.js';

const RENDERERS: Record<Mode, (choice: OutputChoice) => Renderer> = {
  curl: () => curl,
  'dry-run': () => dryRun,
  raw: () => raw,
  table: (choice) => table(choice.table!, choice.filter),
  filter: (choice) => filter(choice.filter!, choice.items),
  json: () => json,
  include: () => include,
  pretty: () => pretty,
};

export function rendererFor(choice: OutputChoice): Renderer {
  const renderer = RENDERERS[choice.mode](choice);
  return choice.slurp && !renderer.offline ? slurp(renderer) : renderer;
}

/** A mode that cannot show pages never reaches --paginate: chooseOutput refuses the flags together. */
export function pagesOf(renderer: AnswerRenderer, mode: Mode): PagingRenderer {
  if (!renderer.page) throw new Error(`the ${mode} output cannot show pages`);
  return renderer as PagingRenderer;
}
