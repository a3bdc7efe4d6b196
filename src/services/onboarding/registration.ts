import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Data, Queries } from '../../data/index.js';
import type { ContactRow, LeadRow } from '../../data/leads.js';
import type { TenantRow } from '../../data/tenants.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, demand, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { MAIL_TOPIC } from '../../domain/mail.js';
import { formatMinorUnits } from '../../domain/money.js';
import { countryOfPhone } from '../../domain/phone-country.js';
import { given } from '../../domain/problems.js';
import { deriveTenancyName } from '../../domain/tenancy-name.js';
import type { AutoLogin } from '../auth/auto-login.js';
import type { Authentication } from '../auth/authentication.js';
import { recordAudit } from '../audit/record-audit.js';
import type { PaymentCheckout } from '../payments/checkout.js';
import { generatePassword, hashPassword, verifyPassword } from '../security/passwords.js';
import { provisionTenant } from '../tenants/provisioning.js';
import { sameFingerprint } from '../../domain/fingerprint.js';
import {
  alreadyCompleted,
  isAlreadyCompleted,
  isTenancyNameConflict,
  registrationFingerprint,
  validate,
  type Registration,
  type RegistrationInput,
} from './registration-rules.js';
import { subscribeAndInvoice, type FirstInvoice } from './first-invoice.js';
import { welcomeMail } from './welcome-mail.js';
import type { AccountMail } from '../account/account-mail.js';
import type { AccountPolicies } from '../settings/account-policies.js';

export type { Registration, RegistrationInput } from './registration-rules.js';

export interface RegistrationContext {
  /** Told when the payment provider failed; the registration stands without a checkout URL. */
  onCheckoutError?: (error: unknown) => void;
}

const ADMIN_USER_NAME = 'admin';

/** What the registration's transaction created. */
interface Registered {
  tenant: TenantRow;
  admin: UserRow;
  billing: FirstInvoice;
  loginLink: string;
}

/**
 * `Platform/TenantSubscription/CompleteTenantRegistration`: turns a submitted lead into a tenant in one
 * transaction (the lead is claimed first, so a second completion of the same lead finds it converted: the same
 * caller with the same parameters gets the first answer again, anything else a 409), then, after commit, asks
 * the payment provider for a checkout page.
 */
export class TenantRegistration {
  constructor(
    private readonly data: Data,
    private readonly config: Config,
    private readonly autoLogin: AutoLogin,
    private readonly auth: Authentication,
    private readonly checkout: PaymentCheckout,
    private readonly policies: AccountPolicies,
    private readonly mail: AccountMail,
  ) {}

  async complete(caller: Caller, input: RegistrationInput, context: RegistrationContext = {}): Promise<Registration> {
    demand(caller, 'Registration.Complete');
    // The new tenant has no policy of its own yet: the host's applies.
    const { passwordComplexity } = await this.policies.of(HOST_TENANT_ID);
    const xref = validate(input, passwordComplexity);
    const fingerprint = registrationFingerprint(caller, input);
    const lead = await this.data.leads.findByXref(HOST_TENANT_ID, xref);
    if (!lead) throw new AppError('not_found', `There is no tenancy request with the requestXref "${xref}".`);
    if (lead.status !== 'submitted') return this.repeat(caller, lead, input, fingerprint, context);
    const contact = (await this.data.leads.findContact(HOST_TENANT_ID, lead.contact_id))!;

    const password = given(input.adminPassword) ? input.adminPassword : generatePassword(passwordComplexity.requiredLength);
    const passwordHash = await hashPassword(password);
    const chosenName = given(input.tenancyName) ? input.tenancyName.trim() : undefined;
    const attempts = chosenName ? 1 : 3;
    let registered: Registered | undefined;
    for (let attempt = 1; !registered; attempt++) {
      try {
        registered = await this.data.transaction((tx) =>
          this.register(tx, caller, input, xref, contact, fingerprint, { chosenName, passwordHash, passwordGenerated: !given(input.adminPassword) }),
        );
      } catch (error) {
        // The same request completed concurrently and committed first: answer as its retry.
        if (isAlreadyCompleted(error)) return this.repeat(caller, (await this.data.leads.findByXref(HOST_TENANT_ID, xref))!, input, fingerprint, context);
        // A derived name taken by a concurrent registration between our check and our insert: derive again.
        if (attempt >= attempts || !isTenancyNameConflict(error)) throw error;
      }
    }
    return this.answer(caller, registered, await this.openCheckout(registered, context), input);
  }

  /**
   * A repeat of a completed registration. The same caller with the same parameters is a retry whose answer was
   * lost (a crash, a timeout): it gets the registration's answer again, with a fresh login link (the first may be
   * used up) and no second tenant, invoice or welcome e-mail. Anything else is a conflict. Nothing is answered for a
   * tenant or admin that has since been deleted or deactivated.
   */
  private async repeat(caller: Caller, lead: LeadRow, input: RegistrationInput, fingerprint: Buffer, context: RegistrationContext): Promise<Registration> {
    if (!lead.registration_fingerprint || !sameFingerprint(lead.registration_fingerprint, fingerprint) || lead.converted_tenant_id === null) {
      throw alreadyCompleted();
    }
    const tenant = await this.data.tenants.findLive(lead.converted_tenant_id);
    const admin = tenant && (await this.data.users.findByUserNameOrEmail(tenant.id, ADMIN_USER_NAME));
    const publicId = tenant && (await this.data.invoices.findPublicIdOfLead(tenant.id, lead.id));
    const invoice = publicId ? await this.data.invoices.findByPublicId(publicId) : undefined;
    if (!tenant?.is_active || !admin?.is_active || admin.deleted_at || !invoice) throw alreadyCompleted();
    // The password is not in the fingerprint (a hash of it would be a weak copy of it); it must still be the same.
    if (given(input.adminPassword) && !(await verifyPassword(admin.password_hash, input.adminPassword))) throw alreadyCompleted();

    const lifetimeMinutes = this.config.loginLinkMinutes;
    const { loginLink } = await this.data.transaction((tx) =>
      this.autoLogin.issue(tx, admin, { lifetimeMinutes, issuedBy: caller, reason: 'registration_retry' }),
    );
    const registered: Registered = { tenant, admin, billing: invoice, loginLink };
    const unpaid = invoice.invoice.status !== 'paid';
    const stripePayUrl = invoice.invoice.stripe_checkout_url ?? (unpaid ? await this.openCheckout(registered, context) : null);
    return this.answer(caller, registered, stripePayUrl, input);
  }

  private async answer(caller: Caller, registered: Registered, stripePayUrl: string | null, input: RegistrationInput): Promise<Registration> {
    const bearer = input.returnBearerToken ? await this.auth.startSession(registered.admin, { origin: 'delegated' }, caller.from) : undefined;
    const { isEmailConfirmationRequiredForLogin } = await this.policies.of(registered.tenant.id);
    return {
      tenantId: registered.tenant.id,
      tenancyName: registered.tenant.tenancy_name,
      name: registered.tenant.name,
      userName: registered.admin.user_name,
      userId: registered.admin.id,
      emailAddress: registered.admin.email,
      // Whether signing in with the password waits for the address the welcome e-mail confirms (the login link does not).
      isEmailConfirmationRequired: isEmailConfirmationRequiredForLogin && !registered.admin.is_email_confirmed,
      loginLink: registered.loginLink,
      paymentLink: this.invoiceLink(registered.billing.invoice.public_id),
      stripePayUrl,
      publicInvoiceId: registered.billing.invoice.public_id,
      bearerAccessToken: bearer?.accessToken ?? null,
      bearerRefreshToken: bearer?.refreshToken ?? null,
    };
  }

  private async register(
    tx: Queries,
    caller: Caller,
    input: RegistrationInput,
    xref: string,
    contact: ContactRow,
    fingerprint: Buffer,
    admin: { chosenName: string | undefined; passwordHash: string; passwordGenerated: boolean },
  ): Promise<Registered> {
    const lead = await tx.leads.claimForConversion(HOST_TENANT_ID, xref);
    if (!lead) throw alreadyCompleted();
    const tenantName = [input.tenantName, input.companyName].find(given) ?? contact.company_name;
    const country = countryOfPhone(contact.phone) ?? null;
    const { tenant, admin: user } = await provisionTenant(tx, {
      tenancyName: admin.chosenName ?? (await freeDerivedName(tx, tenantName)),
      name: tenantName,
      details: {
        company_name: given(input.companyName) ? input.companyName : contact.company_name,
        site_url: given(input.siteUrl) ? input.siteUrl : null,
        city: contact.city,
        state: contact.state,
        country,
        country_code: country,
      },
      admin: {
        userName: ADMIN_USER_NAME,
        email: contact.email,
        name: contact.first_name,
        surname: contact.last_name,
        phone: contact.phone,
        passwordHash: admin.passwordHash,
        // Nobody knows a generated password: the admin signs in through the link and should choose one.
        mustChangePassword: admin.passwordGenerated,
      },
      settings: { defaultCountryCode: country, currency: lead.currency },
      eventContext: { contactId: contact.id, affiliateCode: lead.affiliate_code },
      createdByUserId: null,
    });
    const billing = await subscribeAndInvoice(tx, tenant.id, lead);
    await tx.leads.setConvertedTenant(HOST_TENANT_ID, lead.id, tenant.id, fingerprint);
    const lifetimeMinutes = this.config.loginLinkMinutes;
    const { loginLink } = await this.autoLogin.issue(tx, user, { lifetimeMinutes, issuedBy: caller, reason: 'registration' });
    if (!input.noWelcomeEmail) await this.enqueueWelcome(tx, caller, lead, contact, { tenant, admin: user, billing });
    await recordAudit(tx, caller, {
      tenantId: tenant.id,
      action: 'tenant.registered',
      target: `tenant:${tenant.id}`,
      details: { requestXref: lead.request_xref, tenancyName: tenant.tenancy_name, publicInvoiceId: billing.invoice.public_id },
    });
    return { tenant, admin: user, billing, loginLink };
  }

  /** The welcome e-mail, in the registration's transaction; its dedupe key makes one registration send one. */
  private async enqueueWelcome(
    tx: Queries,
    caller: Caller,
    lead: LeadRow,
    contact: ContactRow,
    registered: Omit<Registered, 'loginLink'>,
  ): Promise<void> {
    const { tenant, admin: user, billing } = registered;
    // Its own link: the one in the API answer may be used by the sign-up page before the e-mail is read.
    const lifetimeMinutes = this.config.loginLinkMinutes;
    const { loginLink } = await this.autoLogin.issue(tx, user, { lifetimeMinutes, issuedBy: caller, reason: 'welcome_email' });
    const confirmation = (await this.policies.of(tenant.id, tx)).isEmailConfirmationRequiredForLogin ? await this.mail.link(tx, user, 'email_confirmation', caller) : undefined;
    const message = welcomeMail({
      ...(confirmation ? { confirmation } : {}),
      to: user.email,
      firstName: contact.first_name,
      tenantName: tenant.name,
      tenancyName: tenant.tenancy_name,
      userName: user.user_name,
      loginLink,
      loginLinkMinutes: lifetimeMinutes,
      invoiceLink: this.invoiceLink(billing.invoice.public_id),
      invoiceTotal: formatMinorUnits(billing.invoice.total_minor, billing.invoice.currency),
    });
    await tx.outbox.enqueue({ tenantId: tenant.id, topic: MAIL_TOPIC, payload: message, dedupeKey: `welcome:${lead.request_xref}` });
  }

  /** After commit: a hosted checkout page for an invoice with something to pay. A provider failure leaves it null. */
  private async openCheckout(registered: Registered, context: RegistrationContext): Promise<string | null> {
    const { invoice, lines } = registered.billing;
    if (invoice.total_minor === 0) return null;
    const link = this.invoiceLink(invoice.public_id);
    try {
      const session = await this.checkout.createSession({
        tenantId: registered.tenant.id,
        publicInvoiceId: invoice.public_id,
        currency: invoice.currency,
        lines: lines.map((l) => ({ description: l.description, unitAmountMinor: l.unit_amount_minor, quantity: l.quantity })),
        discountMinor: invoice.discount_minor,
        customerEmail: registered.admin.email,
        successUrl: `${link}?checkout=success`,
        cancelUrl: `${link}?checkout=cancelled`,
      });
      if (!session) return null;
      await this.data.invoices.setCheckoutSession(registered.tenant.id, invoice.id, session);
      return session.url;
    } catch (error) {
      context.onCheckoutError?.(error);
      return null;
    }
  }

  private invoiceLink(publicInvoiceId: string): string {
    return `${this.config.publicUrl}/invoices/${publicInvoiceId}`;
  }
}

/** A free tenancy name derived from the tenant's name, with a random suffix when the plain one is taken. */
async function freeDerivedName(tx: Queries, tenantName: string): Promise<string> {
  const base = deriveTenancyName(tenantName);
  if (!(await tx.tenants.isTenancyNameTaken(base))) return base;
  for (;;) {
    const candidate = `${base}-${randomBytes(3).toString('hex')}`;
    if (!(await tx.tenants.isTenancyNameTaken(candidate))) return candidate;
  }
}
