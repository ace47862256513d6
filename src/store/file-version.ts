import type { BigIntStats } from 'node:fs';

/**
 * What tells one version of a store file from another, for the caches that parse or decrypt a file
 * once per version. Every write replaces the file whole (a rename: a new inode), and a chmod changes
 * its ctime, so any change gives another stamp; nanosecond times, because a write can land in the
 * same millisecond as the read before it.
 */
export function versionStamp(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.mode}`;
}
