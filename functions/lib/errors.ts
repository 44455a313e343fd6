/**
 * Expected failures: each carries its HTTP status and a stable machine code. Use cases throw
 * these (or return them); the HTTP wrapper maps them. Anything else is unexpected and becomes 500.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 503,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, fields?: FieldError[]) =>
  new AppError(400, code, message, fields);
export const unauthorized = (message = 'a valid session token is required') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const unprocessable = (code: string, message: string, fields?: FieldError[]) =>
  new AppError(422, code, message, fields);
