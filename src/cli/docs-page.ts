import { join } from 'node:path';

/**
 * Where a page of docs/ is in this install, for help texts to name a file that exists: the package
 * ships docs/ beside dist/ (package.json "files"), and this code runs from the bundle in dist/.
 */
export function docsPage(page: string): string {
  return join(__dirname, '..', 'docs', page);
}
