import type { PreparedCall } from '../../core/call.js';
import { toCurl } from '../../core/curl.js';
import { transcript } from '../call-output.js';
import type { OfflineRenderer } from './types.js';

/** --curl: an equivalent curl command that reads the secrets from the provider's variables. */
export const curl: OfflineRenderer = {
  offline: true,
  request({ ctx, call }) {
    const body = typeof call.body === 'string' ? call.body : undefined;
    ctx.io.stdout.write(`${call.redact(toCurl(call.provider, call.resolved.values, { method: call.method, url: call.url, headers: call.headers, body, bodyFile: call.bodyFile }))}\n`);
    if (call.resolved.source !== 'env' || call.provider.token) ctx.io.stderr.write(`mkt: note: ${curlSourceNote(call)}\n`);
  },
};

/** --dry-run: the request as -v shows it, secrets redacted. */
export const dryRun: OfflineRenderer = {
  offline: true,
  request({ ctx, call }) {
    ctx.io.stdout.write(`${call.redact(transcript(call))}\n`);
  },
};

/** The curl command reads the secrets from the variables, which may hold another shop's keys than the stored set. */
function curlSourceNote(call: PreparedCall): string {
  const { provider, resolved } = call;
  const profile = resolved.source === 'env' ? '' : ` --profile ${resolved.profile}`;
  if (provider.token) {
    // Its requests carry no field: only the token, which no variable holds until exec puts it there.
    return `the command reads the access token from $${provider.token.env}, which mkt sets only for a program it runs: run it as mkt exec ${provider.id}${profile} --with-token -- sh -c '…'`;
  }
  const secrets = provider.fields.filter((f) => f.secret).map((f) => `$${f.env}`).join(', ');
  return `the command reads ${secrets} from the environment; to send profile ${resolved.profile}'s, run it as mkt exec ${provider.id}${profile} -- sh -c '…'`;
}
