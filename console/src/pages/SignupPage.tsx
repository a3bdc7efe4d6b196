import { Alert, Anchor, Button, Group, PasswordInput, Progress, Select, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, fieldError } from '../api/errors';
import { completeRegistration, loadCatalogue, submitRequest } from '../api/signup';
import { PublicPage } from '../layout/PublicPage';

const EMPTY = {
  companyName: '',
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  tenancyName: '',
  adminPassword: '',
  city: '',
  state: '',
  productId: '',
  paymentPeriodType: 'Monthly' as 'Monthly' | 'Annual',
  couponCode: '',
  faxNumber: '',
};
type Form = typeof EMPTY;

/** Fields of the first form; an error on one of them sends the person back to it. */
const FIRST_STEP = new Set(['companyName', 'firstName', 'lastName', 'email', 'phone', 'tenancyName', 'adminPassword']);

/** The spec's two-step onboarding: business and contact, then "Tell us about yourself"; then the invoice. */
export function SignupPage() {
  const [step, setStep] = useState<1 | 2>(1);
  const [form, setForm] = useState<Form>(EMPTY);
  const [xref, setXref] = useState<string | null>(null);
  const catalogue = useQuery({ queryKey: ['signup-catalogue'], queryFn: loadCatalogue });
  const products = (catalogue.data?.items ?? []).filter((p) => !p.isRetired);
  const product = products.find((p) => String(p.id) === form.productId);
  const price = product?.prices.find((p) => p.paymentPeriodType === form.paymentPeriodType);

  const signup = useMutation({
    mutationFn: async () => {
      // The lead is submitted once; a retry after a failed completion reuses it (its xref is the idempotency key).
      const requestXref =
        xref ??
        (
          await submitRequest({
            companyName: form.companyName,
            firstName: form.firstName,
            lastName: form.lastName,
            email: form.email,
            phone: form.phone,
            city: form.city,
            state: form.state,
            products: [{ productId: Number(form.productId) || 0, paymentPeriodType: form.paymentPeriodType, quantity: 1 }],
            ...(form.couponCode.trim() ? { couponCode: form.couponCode.trim() } : {}),
            faxNumber: form.faxNumber,
          })
        ).leadRequestXref;
      setXref(requestXref);
      return completeRegistration({
        requestXref,
        tenancyName: form.tenancyName,
        companyName: form.companyName,
        adminPassword: form.adminPassword,
        faxNumber: form.faxNumber,
      });
    },
    onSuccess: (answer) => window.location.assign(answer.stripePayUrl ?? answer.paymentLink),
    onError: (error) => {
      if (error instanceof ApiError && Object.keys(error.fields).some((f) => FIRST_STEP.has(f))) setStep(1);
    },
  });

  const set = (field: keyof Form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const input = (field: keyof Form) => ({
    value: form[field],
    onChange: (e: { currentTarget: { value: string } }) => set(field)(e.currentTarget.value),
    error: fieldError(signup.error, field),
  });
  const next = (event: FormEvent) => {
    event.preventDefault();
    setStep(2);
  };
  const finish = (event: FormEvent) => {
    event.preventDefault();
    signup.mutate();
  };
  const closed = catalogue.error instanceof ApiError && catalogue.error.status === 403;

  return (
    <PublicPage title={step === 1 ? 'Create your account' : 'Tell us about yourself'} width={640}>
      <Progress value={step === 1 ? 50 : signup.isPending ? 100 : 75} mb="md" aria-label={`Step ${step} of 2`} />
      {closed && (
        <Alert color="yellow" title="Sign-up is closed">
          {catalogue.error?.message}
        </Alert>
      )}
      {signup.error && (
        <Alert color="red" title="We could not create your account" role="alert" mb="md">
          {signup.error.message}
        </Alert>
      )}
      {step === 1 ? (
        <form onSubmit={next}>
          <Stack>
            <TextInput label="Business name" required {...input('companyName')} autoComplete="organization" />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="First name" required {...input('firstName')} autoComplete="given-name" />
              <TextInput label="Last name" required {...input('lastName')} autoComplete="family-name" />
              <TextInput label="E-mail" type="email" required {...input('email')} autoComplete="email" />
              <TextInput label="Phone" type="tel" required description="With the country code, e.g. +14155552671" {...input('phone')} autoComplete="tel" />
              <TextInput label="Tenancy name" required description="Letters, digits, - and _; you sign in with it" {...input('tenancyName')} />
              <PasswordInput label="Admin password" required description="At least 6 characters" {...input('adminPassword')} autoComplete="new-password" />
            </SimpleGrid>
            <Honeypot value={form.faxNumber} onChange={set('faxNumber')} />
            <Group justify="space-between">
              <Text size="sm">
                Already a customer?{' '}
                <Anchor component={Link} to="/signin">
                  Sign in
                </Anchor>
              </Text>
              <Button type="submit" disabled={closed}>
                Continue
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <form onSubmit={finish}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="City" required {...input('city')} autoComplete="address-level2" />
              <TextInput label="State or province" required description="Code, e.g. IL" {...input('state')} autoComplete="address-level1" />
            </SimpleGrid>
            <Select
              label="Product"
              required
              data={products.map((p) => ({ value: String(p.id), label: p.name }))}
              value={form.productId || null}
              onChange={(value) => set('productId')(value ?? '')}
              error={fieldError(signup.error, 'products') ?? (catalogue.error && !closed ? catalogue.error.message : undefined)}
              placeholder={catalogue.isPending ? 'Loading the catalogue…' : 'Choose a product'}
            />
            <div>
              <Text size="sm" fw={500} id="period-label" mb={4}>
                Payment period
              </Text>
              <SegmentedControl
                aria-labelledby="period-label"
                data={['Monthly', 'Annual']}
                value={form.paymentPeriodType}
                onChange={(value) => set('paymentPeriodType')(value)}
              />
            </div>
            {price && (
              <Text size="sm" data-testid="signup-price">
                {new Intl.NumberFormat('en', { style: 'currency', currency: price.currency }).format(price.amount)} per{' '}
                {price.paymentPeriodType === 'Monthly' ? 'month' : 'year'}
              </Text>
            )}
            <TextInput label="Coupon" {...input('couponCode')} />
            <Group justify="space-between">
              <Button variant="default" onClick={() => setStep(1)}>
                Back
              </Button>
              <Button type="submit" loading={signup.isPending}>
                Create my account
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </PublicPage>
  );
}

/** A field people never see or reach; robots that fill every field fill it, and the server refuses them. */
function Honeypot({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <div aria-hidden="true" style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }}>
      <label htmlFor="faxNumber">Leave this field empty</label>
      <input id="faxNumber" name="faxNumber" tabIndex={-1} autoComplete="off" value={value} onChange={(e) => onChange(e.currentTarget.value)} />
    </div>
  );
}
