/** ASP.NET Zero's tenancy name rule: a letter, then letters, digits, `_` or `-`; 2 to 64 characters. */
export const TENANCY_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]{1,}$/;
export const TENANCY_NAME_MAX_LENGTH = 64;
export const TENANT_NAME_MAX_LENGTH = 128;

/** Answers what is wrong with a tenancy name, or undefined when it is valid. */
export function tenancyNameProblem(name: string): string | undefined {
  if (name.length > TENANCY_NAME_MAX_LENGTH) return `Tenancy name must be at most ${TENANCY_NAME_MAX_LENGTH} characters long.`;
  if (!TENANCY_NAME_PATTERN.test(name)) {
    return 'Tenancy name must start with a letter and contain only letters, digits, "_" and "-" (at least 2 characters).';
  }
  return undefined;
}

/**
 * Derives a tenancy name from free text (a company or sub-domain) for surfaces that do not ask for one:
 * ASCII letters and digits kept, everything else folded into "-", a leading letter guaranteed.
 */
export function deriveTenancyName(source: string): string {
  const ascii = source.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let name = ascii
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (!/^[A-Za-z]/.test(name)) name = `t${name}`;
  if (name.length < 2) name = `${name}x`;
  return name.slice(0, TENANCY_NAME_MAX_LENGTH - 8);
}

/** The names a derived tenancy name may take, in order, when it is taken: `base`, `base-2` … `base-20`. */
export function tenancyNameCandidates(base: string): string[] {
  return [base, ...Array.from({ length: 19 }, (_, i) => `${base}-${i + 2}`)];
}
