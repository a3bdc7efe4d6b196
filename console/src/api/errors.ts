/** An error answer of the API in plain words, with the message for each field the API named. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface AbpErrorBody {
  error?: { message?: string; details?: string | null; validationErrors?: { message: string; members: string[] }[] | null };
}

interface RestErrorBody {
  platform?: { message?: { code?: string; description?: string } };
}

/** Reads either dialect's error body (ABP's `validationErrors[].members`, or REST's platform message). */
export function toApiError(status: number, body: unknown): ApiError {
  const abp = (body as AbpErrorBody | null)?.error;
  if (abp) {
    const fields: Record<string, string> = {};
    // A field may break several rules (a password policy): each is told.
    for (const v of abp.validationErrors ?? []) for (const member of v.members) fields[member] = fields[member] ? `${fields[member]} ${v.message}` : v.message;
    return new ApiError(abp.message ?? `The request failed (${status}).`, status, fields);
  }
  const rest = (body as RestErrorBody | null)?.platform?.message?.description;
  if (rest) return new ApiError(rest, status);
  return new ApiError(status === 0 ? 'The server cannot be reached.' : `The request failed (${status}).`, status);
}

/** Mantine's `error` prop for a field: the API's message for it, if any. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fields[field] : undefined;
}

/** The alert above a form: the API's message, or a pointer to the fields when it named several. */
export function formProblem(error: Error): string {
  return error instanceof ApiError && Object.keys(error.fields).length > 1 ? 'Some fields need another value: see the messages next to them.' : error.message;
}
