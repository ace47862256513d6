/** The renderers of `mkt call`, by output mode: chosen once from the flags (./choose.ts). */
import type { Mode, OutputChoice } from './choose.js';
import type { AnswerRenderer, PagingRenderer, Renderer } from './types.js';
import { curl, dryRun } from './offline.js';
import { include, json, pretty, raw } from './body.js';
import { filter } from './filter.js';

const RENDERERS: Record<Mode, (choice: OutputChoice) => Renderer> = {
  curl: () => curl,
  'dry-run': () => dryRun,
  raw: () => raw,
  filter: (choice) => filter(choice.filter!, choice.items),
  json: () => json,
  include: () => include,
  pretty: () => pretty,
};

export const rendererFor = (choice: OutputChoice): Renderer => RENDERERS[choice.mode](choice);

/** A mode that cannot show pages never reaches --paginate: chooseOutput refuses the flags together. */
export function pagesOf(renderer: AnswerRenderer, mode: Mode): PagingRenderer {
  if (!renderer.page) throw new Error(`the ${mode} output cannot show pages`);
  return renderer as PagingRenderer;
}
