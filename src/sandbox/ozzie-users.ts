import { checkExternalId, LANGUAGES, parseNewUser, type FieldError, type Language, type NewUser } from './ozzie-fields.js';

/** The user object's fields (developers.ozzieapp.com/docs/api-reference/users). */
export interface OzzieUser extends NewUser {
  id: string;
  onboarding_stage: 'intake_pending' | 'plan_pending' | 'active';
  created_at: string;
}

/** One page of `GET /v1/users` (the sandbox's list shape: docs/sandbox.md). */
export interface UserPage {
  object: 'list';
  data: OzzieUser[];
  has_more: boolean;
  next_cursor: string | null;
}

export type CreateResult = { user: OzzieUser } | { conflict: string } | { errors: FieldError[] };

const SEEDED_NAMES = ['Alex Johnson', 'Maria Santos', 'Kenji Sato', 'Ana Lima', 'Diego Ruiz'];
const STAGES: ReadonlyArray<OzzieUser['onboarding_stage']> = ['active', 'plan_pending', 'intake_pending'];
const SEEDED_AT = Date.parse('2025-05-05T14:30:00Z');

/** The cursor is the index of the next user, dressed up so clients treat it as opaque. */
const encodeCursor = (index: number): string => Buffer.from(`ozzie-users:${index}`).toString('base64url');

function decodeCursor(cursor: string): number | undefined {
  const m = /^ozzie-users:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** Users per client: each client sees only its own (the tenant scoping Ozzie documents). */
export class OzzieUsers {
  private readonly byClient = new Map<string, OzzieUser[]>();
  private nextId = 1;

  constructor(clientIds: string[], seededPerClient: number) {
    for (const clientId of clientIds) {
      const tenant = clientId.replace(/^ozz_client_/, '');
      const users = Array.from({ length: seededPerClient }, (_, i) => this.seeded(tenant, i));
      this.byClient.set(clientId, users);
    }
  }

  /** Oldest first, so a cursor (an index) still points at the same place after users are added. */
  list(clientId: string, limit: number, cursor: string | undefined): UserPage | undefined {
    const all = this.byClient.get(clientId) ?? [];
    const start = cursor === undefined ? 0 : decodeCursor(cursor);
    if (start === undefined) return undefined;
    const end = Math.min(all.length, start + limit);
    const hasMore = end < all.length;
    return { object: 'list', data: all.slice(start, end), has_more: hasMore, next_cursor: hasMore ? encodeCursor(end) : null };
  }

  /** By Ozzie id or by `external_user_id`, both documented for `GET /v1/users/{user_id}`. */
  get(clientId: string, id: string): OzzieUser | undefined {
    return this.byClient.get(clientId)?.find((u) => u.id === id || u.external_user_id === id);
  }

  byExternalId(clientId: string, externalId: string): OzzieUser | undefined {
    return this.byClient.get(clientId)?.find((u) => u.external_user_id === externalId);
  }

  /**
   * `external:{id}` as a user id: the user with that `external_user_id`, created on first use
   * (developers.ozzieapp.com/docs/getting-started/external-id, "Flow B").
   */
  provision(clientId: string, externalId: string, now: number): { user: OzzieUser } | { errors: FieldError[] } {
    const found = this.byExternalId(clientId, externalId);
    if (found) return { user: found };
    const invalid = checkExternalId(externalId);
    if (invalid) return { errors: [invalid] };
    return { user: this.add(clientId, { external_user_id: externalId, name: null, email: null, phone: null, language: 'en' }, now) };
  }

  create(clientId: string, body: unknown, now: number): CreateResult {
    const parsed = parseNewUser(body);
    if ('errors' in parsed) return parsed;
    const externalId = parsed.user.external_user_id;
    if (this.byExternalId(clientId, externalId)) return { conflict: `A user with external_user_id "${externalId}" already exists.` };
    return { user: this.add(clientId, parsed.user, now) };
  }

  private add(clientId: string, fields: NewUser, now: number): OzzieUser {
    const user = this.make(fields, 'intake_pending', now);
    const users = this.byClient.get(clientId) ?? [];
    users.push(user);
    this.byClient.set(clientId, users);
    return user;
  }

  private seeded(tenant: string, i: number): OzzieUser {
    const n = i + 1;
    const name = i < SEEDED_NAMES.length ? SEEDED_NAMES[i]! : `Sandbox User ${n}`;
    const language: Language = LANGUAGES[i % LANGUAGES.length]!;
    // Every third user has no email or phone: both are nullable.
    const contact = i % 3 === 2
      ? { email: null, phone: null }
      : { email: `${tenant}.user${n}@example.com`, phone: `+1555${String(n).padStart(7, '0')}` };
    const fields = { external_user_id: `${tenant}_user_${n}`, name, ...contact, language };
    return this.make(fields, STAGES[i % STAGES.length]!, SEEDED_AT + i * 60_000);
  }

  /** Ids like the docs' `ozz_usr_9f3a1b2c4d5e6f7a`: the prefix, then 16 hex digits; times to the second, as the docs show them. */
  private make(fields: NewUser, stage: OzzieUser['onboarding_stage'], createdAt: number): OzzieUser {
    const id = `ozz_usr_${(this.nextId++).toString(16).padStart(16, '0')}`;
    return { id, ...fields, onboarding_stage: stage, created_at: new Date(createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }
}
