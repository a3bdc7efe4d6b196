import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { signInAs } from './impersonation';
import { useSession } from './use-session';

/** Who may be signed in as, from this session (docs/accounts.md): not yourself, not an inactive user, not from a session that is itself one. */
export function useSignInAs(tenantId: number | null) {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mayImpersonate = (user: { id: number; isActive: boolean }) =>
    !!session?.permissions.includes('Users.Impersonation') &&
    !session.impersonatorUserName &&
    !(user.id === session.userId && tenantId === session.tenantId) &&
    user.isActive;
  const impersonation = useMutation({
    mutationFn: (user: { id: number }) => signInAs(user.id, tenantId),
    onSuccess: () => {
      // Nothing read as the previous user may show in the new session.
      queryClient.clear();
      navigate('/', { replace: true });
    },
  });
  return { mayImpersonate, impersonation };
}
