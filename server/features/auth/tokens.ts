import { createHash, randomBytes } from 'node:crypto';

/** 256 bits, URL-safe: session cookies, invite links, participant device tokens. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as hashes; a copy of the database holds nothing that logs anyone in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
