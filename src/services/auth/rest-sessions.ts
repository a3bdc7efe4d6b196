import type { Data } from '../../data/index.js';
import { HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { AppError, isAppError } from '../../domain/errors.js';
import { textProblem } from '../../domain/validators.js';
import type { RequestOrigin } from '../../domain/request-origin.js';
import type { Authentication } from './authentication.js';
import { SECOND_FACTOR_DETAILS } from '../two-factor/two-factor.js';

export interface RestLoginInput {
  userName: string;
  password: string;
  /** Absent or empty: a host user. A tenant user names the tenant (a product extension of the AgileApps login). */
  tenancyName?: string | undefined;
  /** A user with two-factor sign-in: the authenticator app's code or a recovery code (a product extension too). */
  twoFactorVerificationCode?: string | undefined;
  twoFactorRememberClientToken?: string | undefined;
}

/** Who signed in, as the AgileApps `<login>` answer describes the user. */
export interface RestLoginProfile {
  sessionId: string;
  userId: number;
  email: string;
  userName: string;
  firstName: string;
  lastName: string;
  organizationName: string;
  organizationId: number;
  /** IANA zone of the user's tenant, or null when none is set. */
  timeZone: string | null;
  userDateFormat: string;
  isForceChangePassword: boolean;
}

const DEFAULT_DATE_FORMAT = 'MM/dd/yyyy';

/** Server-side sessions of the REST dialect: login, logout and "is this session still good". */
export class RestSessions {
  constructor(
    private readonly data: Data,
    private readonly auth: Authentication,
  ) {}

  /**
   * Checks the credentials and opens a session. Every failure that could tell whether a user or tenant
   * exists gets one answer, a lockout included.
   */
  async login(input: RestLoginInput, from: RequestOrigin): Promise<RestLoginProfile> {
    const invalid = () => AppError.unauthenticated('Invalid user name or password.');
    const tenancyName = input.tenancyName?.trim() || undefined;
    for (const value of [input.userName, input.password, tenancyName ?? '', input.twoFactorVerificationCode ?? '', input.twoFactorRememberClientToken ?? '']) {
      if (textProblem(value, 256)) throw invalid();
    }
    let user;
    try {
      user = await this.auth.verifyCredentials({ ...input, userNameOrEmailAddress: input.userName, tenancyName }, from);
    } catch (error) {
      // Only a right password reaches the second factor: saying that it is missing or wrong tells nothing more.
      if (isAppError(error) && error.code === 'unauthenticated') throw error.details === SECOND_FACTOR_DETAILS ? error : invalid();
      throw error;
    }
    const sessionId = await this.auth.startRestSession(user, from, { action: 'sign_in.succeeded', details: { dialect: 'rest' } });
    const tenant = user.tenant_id === HOST_TENANT_ID ? undefined : await this.data.tenants.findLive(user.tenant_id);
    const settings = await this.data.settings.find(user.tenant_id);
    return {
      sessionId,
      userId: user.id,
      email: user.email,
      userName: user.user_name,
      firstName: user.name,
      lastName: user.surname,
      organizationName: tenant ? (tenant.company_name ?? tenant.name) : 'Host',
      organizationId: user.tenant_id,
      timeZone: tenant?.time_zone ?? settings?.timezone ?? null,
      userDateFormat: tenant?.date_format || DEFAULT_DATE_FORMAT,
      isForceChangePassword: user.must_change_password,
    };
  }

  /** Ends the caller's session (REST session or token sign-in); API keys have none to end. */
  async logout(caller: Caller): Promise<void> {
    await this.auth.endSession(caller);
  }
}
