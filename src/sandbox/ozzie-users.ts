import { asRecord } from './respond.js';

export interface OzzieUser {
  id: string;
  external_user_id: string;
  name: string;
  language: string;
  created_at: string;
}

const SEEDED_NAMES = ['Alex Johnson', 'Maria Petrova', 'Kenji Sato'];
const SEEDED_AT = '2025-01-15T09:00:00Z';
const LANGUAGE = /^[a-z]{2}(-[A-Z]{2})?$/;

export type CreateResult = { user: OzzieUser } | { conflict: boolean; message: string };

/** Users per client: each client sees only its own (the tenant scoping Ozzie documents). */
export class OzzieUsers {
  private readonly byClient = new Map<string, OzzieUser[]>();
  private nextId = 1;

  constructor(clientIds: string[]) {
    for (const clientId of clientIds) {
      const tenant = clientId.replace(/^ozz_client_/, '');
      this.byClient.set(
        clientId,
        SEEDED_NAMES.map((name, i) => this.make(`${tenant}_user_${i + 1}`, name, 'en', SEEDED_AT)),
      );
    }
  }

  list(clientId: string, limit: number, offset: number): { data: OzzieUser[]; pagination: Record<string, number> } {
    const all = this.byClient.get(clientId) ?? [];
    return { data: all.slice(offset, offset + limit), pagination: { limit, offset, total: all.length } };
  }

  get(clientId: string, id: string): OzzieUser | undefined {
    return this.byClient.get(clientId)?.find((u) => u.id === id || u.external_user_id === id);
  }

  create(clientId: string, body: unknown, now: number): CreateResult {
    const input = asRecord(body);
    if (!input) return { conflict: false, message: 'request body must be a JSON object' };
    const { external_user_id: externalId, name, language = 'en' } = input;
    if (typeof externalId !== 'string' || externalId.trim() === '') return { conflict: false, message: 'external_user_id is required' };
    if (typeof name !== 'string' || name.trim() === '') return { conflict: false, message: 'name is required' };
    if (typeof language !== 'string' || !LANGUAGE.test(language)) return { conflict: false, message: 'language must be a code like "en"' };
    const users = this.byClient.get(clientId) ?? [];
    if (users.some((u) => u.external_user_id === externalId)) {
      return { conflict: true, message: `A user with external_user_id "${externalId}" already exists.` };
    }
    const user = this.make(externalId, name, language, new Date(now).toISOString());
    users.push(user);
    this.byClient.set(clientId, users);
    return { user };
  }

  private make(externalId: string, name: string, language: string, createdAt: string): OzzieUser {
    const id = `usr_${String(this.nextId++).padStart(8, '0')}`;
    return { id, external_user_id: externalId, name, language, created_at: createdAt };
  }
}
