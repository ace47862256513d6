/**
 * The oldest Node.js mkt runs on, as `engines` in package.json says (a unit test keeps the two
 * equal). 20.19 is where require() of an ES module works without a flag, and the bundle requires
 * ora that way: an older Node would fail on the first spinner with ERR_REQUIRE_ESM.
 */
export const MIN_NODE = { major: 20, minor: 19 };

export function nodeTooOld(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major < MIN_NODE.major || (major === MIN_NODE.major && minor < MIN_NODE.minor);
}
