/**
 * Errors are values with a kind. Each carries its own readable text (message,
 * explanation, resolution) and is mapped once to the bridge's BridgeError and to the
 * CLI's exit code (see error-mapping.ts). None of them ever holds a secret.
 */
import type { ErrorKind } from '../../preload/contract';

export abstract class AppError extends Error {
  abstract readonly kind: ErrorKind;
  readonly explanation: string;
  readonly resolution: string;

  constructor(message: string, explanation: string, resolution: string) {
    super(message);
    this.name = new.target.name;
    this.explanation = explanation;
    this.resolution = resolution;
  }
}

/** The API answered with a non-zero code. */
export class ApiError extends AppError {
  readonly kind = 'api';
  readonly code: string;
  readonly requestId: string;

  constructor(args: { code: string; message: string; explanation: string; resolution: string; requestId: string }) {
    super(args.message, args.explanation, args.resolution);
    this.code = args.code;
    this.requestId = args.requestId;
  }
}

/** The server could not be reached, or answered something that is not the API. */
export class NetworkError extends AppError {
  readonly kind = 'network';
}

/** No complete answer within the timeout. */
export class TimeoutError extends AppError {
  readonly kind = 'timeout';
}

/** The OS keychain cannot be used (no Secret Service, locked, D-Bus missing). */
export class KeychainUnavailableError extends AppError {
  readonly kind = 'keychain';
}

/** The profiles file cannot be read or written. It is kept as it is, never overwritten. */
export class ProfileDataError extends AppError {
  readonly kind = 'profile-data';
}

/** Input that breaks the contract: a bad base URL, an unknown flag, a malformed request. */
export class ValidationError extends AppError {
  readonly kind = 'validation';
}

/** A profile that does not exist. */
export class NotFoundError extends AppError {
  readonly kind = 'not-found';
}

/** The `code` of a Node system error (ENOENT, EADDRINUSE, ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/**
 * Why a local server could not listen on `port`, in words, for the two failures a user can
 * fix by choosing another port; undefined for any other failure.
 */
export function portRefusal(error: unknown, port: number, server: string): NetworkError | undefined {
  const code = errorCode(error);
  if (code === 'EADDRINUSE') {
    return new NetworkError(`Port ${port} on 127.0.0.1 is already in use.`, `Another program (or another ${server}) listens there.`, 'Choose another port with --port N, or leave --port out to get a free one.');
  }
  if (code === 'EACCES') {
    return new NetworkError(`Port ${port} on 127.0.0.1 cannot be opened by your user.`, 'Ports below 1024 need special privileges on most systems.', 'Choose a port from 1024 up, or leave --port out to get a free one.');
  }
  return undefined;
}
