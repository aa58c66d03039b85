/** Base class of errors whose message is safe to show to API clients. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The client sent input that does not fit what was expected. */
export class BadInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
}

/** A thing the client named by ID or URL does not exist. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

/** The request needs credentials that were missing or wrong. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

/** The request conflicts with work in progress, such as a refresh already running. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

/** A sync cursor older than the changes still kept: the client must sync everything again, then follow changes. */
export class ResyncRequiredError extends DomainError {
  readonly code = 'FULL_RESYNC_REQUIRED';
}

/** A subscription resumed from a cursor so far back that replaying what it missed would be too long. */
export class ResumeTooFarBehindError extends DomainError {
  readonly code = 'RESUME_TOO_FAR_BEHIND';
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
