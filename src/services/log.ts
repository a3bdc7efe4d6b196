/** The log calls a service makes for a problem it absorbs (pino's argument order, so the app logger fits). */
export interface ServiceLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}
