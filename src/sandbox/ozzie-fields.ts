import { asRecord } from './respond.js';

/**
 * The `POST /v1/users` body as Ozzie's Users reference documents it
 * (developers.ozzieapp.com/docs/api-reference/users): `external_user_id` required, at most 100
 * characters; `name` at most 200; `email` a valid address; `phone` E.164; `language` "en", "pt"
 * or "es", default "en". A failure is one `{field, message}` entry of a 422's `details`.
 */
export const LANGUAGES = ['en', 'pt', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface FieldError {
  field: string;
  message: string;
}

export interface NewUser {
  external_user_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: Language;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;

export function checkExternalId(value: unknown): FieldError | undefined {
  if (typeof value !== 'string' || value.trim() === '') return { field: 'external_user_id', message: 'Required: a non-empty string' };
  return value.length > 100 ? { field: 'external_user_id', message: 'Must be at most 100 characters' } : undefined;
}

/** An optional text field: absent or null is null; otherwise a string that passes `ok`. */
function optional(input: Record<string, unknown>, field: string, ok: (s: string) => boolean, message: string, errors: FieldError[]): string | null {
  const value = input[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && ok(value)) return value;
  errors.push({ field, message });
  return null;
}

/** The user to create, or every field that failed. */
export function parseNewUser(body: unknown): { user: NewUser } | { errors: FieldError[] } {
  const input = asRecord(body);
  if (!input) return { errors: [{ field: 'body', message: 'Must be a JSON object' }] };
  const errors: FieldError[] = [];
  const idError = checkExternalId(input.external_user_id);
  if (idError) errors.push(idError);
  const name = optional(input, 'name', (s) => s.length <= 200, 'Must be a string of at most 200 characters', errors);
  const email = optional(input, 'email', (s) => EMAIL.test(s), 'Must be a valid email address', errors);
  const phone = optional(input, 'phone', (s) => E164.test(s), 'Must be in E.164 format, e.g. +15551234567', errors);
  const language = input.language ?? 'en';
  if (!LANGUAGES.includes(language as Language)) errors.push({ field: 'language', message: `Must be one of: ${LANGUAGES.join(', ')}` });
  if (errors.length > 0) return { errors };
  return { user: { external_user_id: input.external_user_id as string, name, email, phone, language: language as Language } };
}
