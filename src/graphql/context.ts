import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError } from '../domain/errors';
import type { Services } from '../services';
import { Loaders } from './loaders/loaders';

/** What every resolver of one request sees. */
export interface Context {
  services: Services;
  loaders: Loaders;
  /** Throws UnauthenticatedError unless the request carries the admin token. */
  requireAdmin(): void;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Checks an Authorization header against the admin token, in constant time. */
export function adminCheck(adminToken: string | null): (authorization: string | undefined) => void {
  const expected = adminToken === null ? null : digest(adminToken);
  return (authorization) => {
    if (expected === null) {
      throw new UnauthenticatedError(
        'Mutations are disabled: the server has no admin token. Start it with ADMIN_TOKEN set to a secret of at least 16 characters, then send `Authorization: Bearer <that secret>`.',
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw new UnauthenticatedError('This mutation needs the header `Authorization: Bearer <ADMIN_TOKEN>`.');
    if (!timingSafeEqual(digest(match[1]), expected)) throw new UnauthenticatedError('The bearer token is not the admin token.');
  };
}

/** Builds the context of one request: the process's services, fresh loaders, and its credentials. */
export function buildContext(services: Services, check: (authorization: string | undefined) => void, authorization?: string): Context {
  return { services, loaders: new Loaders(services), requireAdmin: () => check(authorization) };
}
