import type { SpecNode } from './spec-node.js';
import { at } from './json.js';

/** A place in a JSON answer, written with dots: `error.message`, `data.items.0.id`. */
export type JsonPath = readonly string[];

export function readPath(node: SpecNode, text = node.string(undefined, 200)): JsonPath {
  const segments = text.split('.');
  if (segments.some((s) => s.trim() === '')) node.fail(`${JSON.stringify(text)} is not a path: names joined by dots, e.g. error.message`);
  return segments;
}

export const valueAt = (json: unknown, path: JsonPath): unknown => at(json, ...path);

export const pathText = (path: JsonPath): string => path.join('.');
