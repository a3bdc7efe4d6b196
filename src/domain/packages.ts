/**
 * Packages (apps) a tenant can have installed. A package is known by its installation id: 32 lower-case
 * letters and digits (AgileApps shows 32 hex digits; its own documentation's sample id is not hex, so any
 * letter is allowed).
 */
export const PACKAGE_ID_PATTERN = /^[0-9a-z]{32}$/;

/** The built-in ServiceDesk package: what `isCaseDynamics=1` installs. */
export const SERVICE_DESK_PACKAGE_ID = 'c45ed7a1d2b54f0e9a3b6c1d8e2f4a70';
export const SERVICE_DESK_PACKAGE_NAME = 'ServiceDesk';

/** Reads an `appList`: ids separated by commas and/or whitespace, case ignored, each once. */
export function parsePackageIdList(list: string): { ids: string[]; invalid: string[] } {
  const tokens = list
    .split(/[\s,]+/)
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
  const unique = [...new Set(tokens)];
  return { ids: unique.filter((id) => PACKAGE_ID_PATTERN.test(id)), invalid: unique.filter((id) => !PACKAGE_ID_PATTERN.test(id)) };
}
