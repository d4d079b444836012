/**
 * Domain errors: one class per kind of refusal, each with a stable `code` and the HTTP status it
 * maps to. Use cases throw them; the HTTP layer (http/http-function.ts) is the one place that
 * turns them into the error envelope `{ error: { code, message, details } }`.
 */
export interface ErrorDetail {
  readonly path?: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 415 | 422 | 429;
  /**
   * A refusal that says nothing about the request itself (a lost race, a busy dependency): the
   * same request may well succeed a moment later, so it is never stored as an Idempotency-Key's
   * answer.
   */
  readonly transient: boolean = false;
  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed or does not match the schema. */
export class ValidationError extends DomainError {
  readonly status = 400;
  constructor(message: string, details: readonly ErrorDetail[] = [], code = 'VALIDATION_FAILED') {
    super(code, message, details);
  }
}

/** 401: no verified caller where one is needed (normally stopped by the authorizer first). */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  constructor() {
    super('UNAUTHENTICATED', 'Sign in first: this route needs a bearer token');
  }
}

/** 403: the caller's role or relation (facility, company, merchant) does not allow this. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

/** 404: nothing with that id (a driver also gets it for another driver's job or offer, which it may not know of). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

/** 409: a state conflict (lost race, illegal transition, duplicate). */
export class ConflictError extends DomainError {
  readonly status = 409;
}

/** 422: well-formed input that a domain rule refuses. */
export class RuleViolation extends DomainError {
  readonly status = 422;
}

/** 429: a dependency throttled us after its retries; the client should retry later. */
export class ThrottledError extends DomainError {
  readonly status = 429;
  override readonly transient = true;
  constructor() {
    super('THROTTLED', 'The service is busy; retry after a short wait');
  }
}

export class OutsideServiceAreaError extends RuleViolation {
  constructor(path: string) {
    super('OUTSIDE_SERVICE_AREA', 'The location lies outside the Banyuwangi service area', [
      { path, message: 'must lie within the Banyuwangi regency service area' },
    ]);
  }
}

export class InvalidTransitionError extends ConflictError {
  constructor(what: string, from: string, to: string) {
    super('INVALID_TRANSITION', `${what} cannot move from ${from} to ${to}`, [
      { path: 'status', message: `not allowed from ${from}` },
    ]);
  }
}

/** The record changed between our read and our conditional write: someone else won the race. */
export class ConcurrentUpdateError extends ConflictError {
  override readonly transient = true;
  constructor(what: string) {
    super('CONCURRENT_UPDATE', `${what} was changed by another request; read it again and retry`);
  }
}
