/**
 * The most a body file (`field=@file`, `field:=@file`, `-d @file`, `-d -`) may hold. mkt reads these
 * whole and builds the body in memory (JSON items are parsed and written out again, redacted copies
 * for -v/--dry-run), so the limit is the one mkt already puts on an answer it reads whole (an error
 * body, response.ts). A marketplace request body is kilobytes; a bigger one streams with --input.
 */
export const MAX_BODY_FILE_BYTES = 16 * 1024 * 1024;

/** A body file refused before its content was read: not a regular file, or past the limit. */
export class FileRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FileRefusedError';
  }
}

/** Why a file could not be read, for an error line: the refusal, or the system's error code. */
export function fileProblem(err: unknown): string {
  if (err instanceof FileRefusedError) return `: ${err.reason}`;
  return ` (${(err as NodeJS.ErrnoException)?.code ?? 'error'})`;
}

/** `streams`: the file is a request body, which --input could send instead. */
export const tooLarge = (what: string, streams = true): FileRefusedError =>
  new FileRefusedError(`larger than ${MAX_BODY_FILE_BYTES / 1048576} MB, the limit for ${what}${streams ? '; --input streams a body of any size' : ''}`);
