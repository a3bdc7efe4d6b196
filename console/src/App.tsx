import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { setExpiredHandler } from './api/client';
import { sessionExpired } from './api/session';
import { isHost, useSession } from './api/use-session';
import { Shell } from './layout/Shell';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { BillingPage } from './pages/BillingPage';
import { LinkedAccountsPage } from './pages/LinkedAccountsPage';
import { ProfilePage } from './pages/ProfilePage';
import { RolesPage } from './pages/RolesPage';
import { UsersPage } from './pages/UsersPage';
import { CataloguePage } from './pages/CataloguePage';
import { CouponsPage } from './pages/CouponsPage';
import { LeadsPage } from './pages/LeadsPage';
import { ChoosePasswordPage } from './pages/ChoosePasswordPage';
import { ConfirmEmailPage } from './pages/ConfirmEmailPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { SignupPage } from './pages/SignupPage';
import { TenantDetailPage } from './pages/TenantDetailPage';
import { TenantsPage } from './pages/TenantsPage';

// The charts library is loaded only when the dashboard is opened.
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));

/** Client routes; the server lists the same paths (src/http/console/console-files.ts CLIENT_ROUTES). */
export function App() {
  const queryClient = useQueryClient();
  // Nothing of an ended session stays in memory.
  useEffect(() => setExpiredHandler(() => queryClient.clear()), [queryClient]);

  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/account/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/account/reset-password" element={<ChoosePasswordPage mode="reset" />} />
      <Route path="/account/accept-invitation" element={<ChoosePasswordPage mode="invitation" />} />
      <Route path="/account/confirm-email" element={<ConfirmEmailPage />} />
      <Route path="/" element={<Home />} />
      <Route path="/dashboard" element={<Private host><Suspense><DashboardPage /></Suspense></Private>} />
      <Route path="/tenants" element={<Private host><TenantsPage /></Private>} />
      <Route path="/tenants/:id" element={<Private host><TenantDetailPage /></Private>} />
      <Route path="/leads" element={<Private host><LeadsPage /></Private>} />
      <Route path="/catalogue" element={<Private host><CataloguePage /></Private>} />
      <Route path="/coupons" element={<Private host><CouponsPage /></Private>} />
      <Route path="/settings" element={<Private><SettingsPage /></Private>} />
      <Route path="/api-keys" element={<Private><ApiKeysPage /></Private>} />
      <Route path="/users" element={<Private><UsersPage /></Private>} />
      <Route path="/roles" element={<Private><RolesPage /></Private>} />
      <Route path="/billing" element={<Private><BillingPage /></Private>} />
      <Route path="/profile" element={<Private><ProfilePage /></Private>} />
      <Route path="/linked-accounts" element={<Private><LinkedAccountsPage /></Private>} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

function Home() {
  const session = useSession();
  if (!session) return <Navigate to="/signin" replace />;
  return <Navigate to={isHost(session) ? '/tenants' : '/settings'} replace />;
}

/** A page for signed-in users (host users only with `host`); others go to sign-in with the page remembered. */
function Private({ children, host = false }: { children: ReactNode; host?: boolean }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/signin?${sessionExpired() ? 'expired=1&' : ''}next=${next}`} replace />;
  }
  if (host && !isHost(session)) return <Navigate to="/settings" replace />;
  return <Shell>{children}</Shell>;
}
