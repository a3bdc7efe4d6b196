import type { FieldProblem } from '../../domain/errors.js';
import { emailProblem, phoneProblem, textProblem } from '../../domain/validators.js';

// ASP.NET Identity's default `AllowedUserNameCharacters`, which ABP keeps.
const USER_NAME = /^[A-Za-z0-9\-._@+]+$/;

export interface UserFields {
  userName?: string | undefined;
  name?: string | undefined;
  surname?: string | undefined;
  emailAddress?: string | undefined;
  phoneNumber?: string | null | undefined;
}

/** Every problem of the given user fields (absent fields are not checked), named as the caller sent them. */
export function userFieldProblems(fields: UserFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (field: string, problem: string | undefined) => {
    if (problem) problems.push({ field, message: problem });
  };
  if (fields.userName !== undefined) {
    check('userName', fields.userName.length > 256 ? 'A user name is at most 256 characters long.' : undefined);
    check('userName', USER_NAME.test(fields.userName) ? undefined : 'A user name may contain only letters, digits and - . _ @ +.');
  }
  for (const field of ['name', 'surname'] as const) {
    const value = fields[field];
    if (value === undefined) continue;
    check(field, value.trim() === '' ? `The ${field} field is required.` : textProblem(value, 64));
  }
  if (fields.emailAddress !== undefined) check('emailAddress', emailProblem(fields.emailAddress));
  if (fields.phoneNumber) check('phoneNumber', phoneProblem(fields.phoneNumber));
  return problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i);
}
