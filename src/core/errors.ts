import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** An expected failure: one line for the user, an exit code for the pipeline. */
export class MktError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    /** Extra lines that say how to get on (printed after the message). */
    readonly hints: string[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends MktError {
  constructor(message: string, hints: string[] = []) {
    super(message, ExitCode.usage, hints);
  }
}

export class NoCredentialsError extends MktError {
  constructor(message: string, hints: string[] = []) {
    super(message, ExitCode.noCredentials, hints);
  }
}

export class StoreError extends MktError {
  constructor(message: string, hints: string[] = []) {
    super(message, ExitCode.store, hints);
  }
}

export class CancelledError extends MktError {
  constructor(message = 'cancelled') {
    super(message, ExitCode.interrupted);
  }
}

export class NetworkError extends MktError {
  constructor(message: string, readonly reason: string, hints: string[] = []) {
    super(message, ExitCode.network, hints);
  }
}

/** A non-2xx answer from a provider, classified by the provider's own rules. */
export class ProviderHttpError extends MktError {
  constructor(
    message: string,
    readonly status: number,
    readonly kind: 'auth' | 'rate_limit' | 'other',
    hints: string[] = [],
  ) {
    super(message, kind === 'auth' ? ExitCode.rejected : kind === 'rate_limit' ? ExitCode.rateLimited : ExitCode.http, hints);
  }
}
