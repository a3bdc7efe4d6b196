/** The log calls a service makes for a problem it absorbs (pino's argument order, so the app logger fits). */
export interface ServiceLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * Services are built before the HTTP app that owns the process logger, so they log through this: silent
 * until `forwardTo` hands it the app's logger (buildApp does), then every line goes there.
 */
export class ForwardingLog implements ServiceLog {
  private target: ServiceLog | undefined;

  forwardTo(target: ServiceLog): void {
    this.target = target;
  }

  info(details: Record<string, unknown>, message: string): void {
    this.target?.info(details, message);
  }

  warn(details: Record<string, unknown>, message: string): void {
    this.target?.warn(details, message);
  }

  error(details: Record<string, unknown>, message: string): void {
    this.target?.error(details, message);
  }
}
