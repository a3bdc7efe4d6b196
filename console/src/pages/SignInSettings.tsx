import { Alert, Button, Checkbox, Fieldset, NumberInput, SimpleGrid, Stack, Switch, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { fieldError } from '../api/errors';
import { profile } from '../api/profile';

interface Form {
  isEmailConfirmationRequiredForLogin: boolean;
  useDefaultPasswordComplexitySettings: boolean;
  requiredLength: number | string;
  requireDigit: boolean;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNonAlphanumeric: boolean;
  lockOutEnabled: boolean;
  maxFailedAccessAttemptsBeforeLockout: number | string;
  defaultAccountLockoutSeconds: number | string;
  isRequiredForAdmins: boolean;
  isRememberBrowserEnabled: boolean;
}

const P = 'security.passwordComplexity';
const L = 'security.userLockOut';

/** The tenant's sign-in rules (the host's defaults for a host admin): password policy, lockout, confirmation, two factors. */
export function SignInSettings() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const all = useQuery({ queryKey: ['all-settings'], queryFn: () => unwrap(api.GET('/api/services/Platform/TenantSettings/GetAllSettings', {})) });
  const twoFactor = useQuery({ queryKey: ['two-factor-settings'], queryFn: () => unwrap(api.GET('/api/services/Platform/TenantSettings/GetTwoFactorLoginSettings', {})) });
  const [form, setForm] = useState<Form | null>(null);
  if (!form && all.data && twoFactor.data) {
    const s = all.data.security;
    const complexity = s.useDefaultPasswordComplexitySettings ? s.defaultPasswordComplexity : s.passwordComplexity;
    setForm({
      isEmailConfirmationRequiredForLogin: all.data.userManagement.isEmailConfirmationRequiredForLogin,
      useDefaultPasswordComplexitySettings: s.useDefaultPasswordComplexitySettings,
      ...complexity,
      lockOutEnabled: s.userLockOut.isEnabled,
      maxFailedAccessAttemptsBeforeLockout: s.userLockOut.maxFailedAccessAttemptsBeforeLockout,
      defaultAccountLockoutSeconds: s.userLockOut.defaultAccountLockoutSeconds,
      ...twoFactor.data,
    });
  }

  const save = useMutation({
    mutationFn: async (f: Form) => {
      const int = (v: number | string) => (typeof v === 'number' ? v : Number.parseInt(v, 10));
      await unwrap(
        api.PUT('/api/services/Platform/TenantSettings/UpdateAllSettings', {
          body: {
            userManagement: { isEmailConfirmationRequiredForLogin: f.isEmailConfirmationRequiredForLogin },
            security: {
              useDefaultPasswordComplexitySettings: f.useDefaultPasswordComplexitySettings,
              ...(f.useDefaultPasswordComplexitySettings
                ? {}
                : { passwordComplexity: { requiredLength: int(f.requiredLength), requireDigit: f.requireDigit, requireLowercase: f.requireLowercase, requireUppercase: f.requireUppercase, requireNonAlphanumeric: f.requireNonAlphanumeric } }),
              userLockOut: { isEnabled: f.lockOutEnabled, maxFailedAccessAttemptsBeforeLockout: int(f.maxFailedAccessAttemptsBeforeLockout), defaultAccountLockoutSeconds: int(f.defaultAccountLockoutSeconds) },
            },
          },
        }),
      );
      await unwrap(api.PUT('/api/services/Platform/TenantSettings/UpdateTwoFactorLoginSettings', { body: { isRequiredForAdmins: f.isRequiredForAdmins, isRememberBrowserEnabled: f.isRememberBrowserEnabled } }));
      // Requiring two factors of administrators includes this one: until enrolled, only the enrolment works.
      return f.isRequiredForAdmins ? (await profile.twoFactorStatus()).isGoogleAuthenticatorEnabled : true;
    },
    onSuccess: (enrolled) => {
      void queryClient.invalidateQueries({ queryKey: ['all-settings'] });
      void queryClient.invalidateQueries({ queryKey: ['two-factor-settings'] });
      void queryClient.invalidateQueries({ queryKey: ['two-factor-status'] });
      if (!enrolled) navigate('/profile');
    },
  });
  const set = <K extends keyof Form>(field: K, value: Form[K]) => {
    save.reset();
    setForm((f) => (f ? { ...f, [field]: value } : f));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form) save.mutate(form);
  };
  const error = save.error;
  const failure = all.error ?? twoFactor.error;

  return (
    <Stack component="section" aria-labelledby="sign-in-settings-title" mt="lg">
      <Title order={2} size="h3" id="sign-in-settings-title">
        Sign-in and passwords
      </Title>
      {failure && <Alert color="red">{failure.message}</Alert>}
      {form && (
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" title="The sign-in settings were not saved" role="alert">
                {error.message}
              </Alert>
            )}
            {save.isSuccess && (
              <Alert color="green" role="status">
                Sign-in settings saved. New passwords follow the policy from now on; the lockout applies from the next sign-in.
              </Alert>
            )}
            <Fieldset legend="Password policy">
              <Stack>
                <Switch
                  label="Use the platform’s default policy"
                  checked={form.useDefaultPasswordComplexitySettings}
                  onChange={(e) => set('useDefaultPasswordComplexitySettings', e.currentTarget.checked)}
                  error={fieldError(error, P)}
                />
                <NumberInput
                  label="Minimum length"
                  min={1}
                  max={128}
                  disabled={form.useDefaultPasswordComplexitySettings}
                  value={form.requiredLength}
                  onChange={(v) => set('requiredLength', v)}
                  error={fieldError(error, `${P}.requiredLength`)}
                  maw={200}
                />
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
                  <Checkbox label="A digit" disabled={form.useDefaultPasswordComplexitySettings} checked={form.requireDigit} onChange={(e) => set('requireDigit', e.currentTarget.checked)} />
                  <Checkbox label="A lower-case letter" disabled={form.useDefaultPasswordComplexitySettings} checked={form.requireLowercase} onChange={(e) => set('requireLowercase', e.currentTarget.checked)} />
                  <Checkbox label="An upper-case letter" disabled={form.useDefaultPasswordComplexitySettings} checked={form.requireUppercase} onChange={(e) => set('requireUppercase', e.currentTarget.checked)} />
                  <Checkbox label="A symbol" disabled={form.useDefaultPasswordComplexitySettings} checked={form.requireNonAlphanumeric} onChange={(e) => set('requireNonAlphanumeric', e.currentTarget.checked)} />
                </SimpleGrid>
              </Stack>
            </Fieldset>
            <Fieldset legend="Lockout after failed sign-ins">
              <Stack>
                <Switch label="Lock an account out after repeated failures" checked={form.lockOutEnabled} onChange={(e) => set('lockOutEnabled', e.currentTarget.checked)} />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <NumberInput
                    label="Failures before the lockout"
                    min={1}
                    max={1000}
                    disabled={!form.lockOutEnabled}
                    value={form.maxFailedAccessAttemptsBeforeLockout}
                    onChange={(v) => set('maxFailedAccessAttemptsBeforeLockout', v)}
                    error={fieldError(error, `${L}.maxFailedAccessAttemptsBeforeLockout`)}
                  />
                  <NumberInput
                    label="Lockout (seconds)"
                    min={1}
                    max={31_536_000}
                    disabled={!form.lockOutEnabled}
                    value={form.defaultAccountLockoutSeconds}
                    onChange={(v) => set('defaultAccountLockoutSeconds', v)}
                    error={fieldError(error, `${L}.defaultAccountLockoutSeconds`)}
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>
            <Fieldset legend="Confirmation and two factors">
              <Stack>
                <Switch
                  label="Users must confirm their e-mail address before signing in"
                  checked={form.isEmailConfirmationRequiredForLogin}
                  onChange={(e) => set('isEmailConfirmationRequiredForLogin', e.currentTarget.checked)}
                />
                <Switch
                  label="Administrators must sign in with two factors"
                  description="Including you: an administrator without an authenticator app can do nothing else until enrolled."
                  checked={form.isRequiredForAdmins}
                  onChange={(e) => set('isRequiredForAdmins', e.currentTarget.checked)}
                />
                <Switch label="Users may have a browser remembered for the second factor" checked={form.isRememberBrowserEnabled} onChange={(e) => set('isRememberBrowserEnabled', e.currentTarget.checked)} />
              </Stack>
            </Fieldset>
            <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
              Save sign-in settings
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
