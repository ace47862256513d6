import { randomBytes } from 'node:crypto';

/** The default lifetime of a token: 1800 s, as Ozon's token endpoint answers (docs/providers.md). */
export const TOKEN_SECONDS = 1800;

interface Issued {
  clientId: string;
  expiresAt: number;
}

/**
 * The access tokens the fake has issued. Their lifetime can be switched while it runs (seconds, so
 * tests see a token expire), and every token can be revoked at once (the next request gets 401).
 */
export class PerformanceTokens {
  private readonly issued = new Map<string, Issued>();
  private seconds: number;

  constructor(private readonly defaultSeconds = TOKEN_SECONDS) {
    this.seconds = defaultSeconds;
  }

  issue(clientId: string, now: number): { access_token: string; expires_in: number; token_type: 'Bearer' } {
    const token = `sbxperf.${randomBytes(30).toString('base64url')}`;
    this.issued.set(token, { clientId, expiresAt: now + this.seconds * 1000 });
    return { access_token: token, expires_in: this.seconds, token_type: 'Bearer' };
  }

  /** The client a live token belongs to; undefined when it is unknown, revoked or expired. */
  clientOf(token: string, now: number): string | undefined {
    const found = this.issued.get(token);
    return found && found.expiresAt > now ? found.clientId : undefined;
  }

  setLifetime(seconds: number): void {
    this.seconds = seconds;
  }

  lifetime(): number {
    return this.seconds;
  }

  revokeAll(): number {
    const count = this.issued.size;
    this.issued.clear();
    return count;
  }

  reset(): void {
    this.revokeAll();
    this.seconds = this.defaultSeconds;
  }
}
