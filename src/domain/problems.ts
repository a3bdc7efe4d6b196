import { AppError, type FieldProblem } from './errors.js';

/** Collects every field problem of a request, so one 400 names them all. */
export class ProblemList {
  readonly problems: FieldProblem[] = [];

  /** Records `problem` for `field` when there is one; answers whether the value passed. */
  check(field: string, problem: string | undefined): boolean {
    if (problem === undefined) return true;
    this.problems.push({ field, message: problem });
    return false;
  }

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  has(field: string): boolean {
    return this.problems.some((p) => p.field === field);
  }

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }

  throwIfAny(): void {
    if (!this.isEmpty) throw AppError.validation(this.problems);
  }
}

/** A value the caller really gave: absent, null and blank strings all mean "not given". */
export function given(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
