import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { PagesConfig } from '../../shared/config';
import { completeOidcSignIn, type Person } from '../session';
import { Loading, Notice } from '../ui';

/** /desk/callback: the identity provider sends the person back here with a code (never a token). */
export default function OidcCallbackPage({
  config,
  onSignedIn,
}: {
  config: PagesConfig;
  onSignedIn: (p: Person) => void;
}) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    completeOidcSignIn(config)
      .then(({ person, next }) => {
        onSignedIn(person);
        navigate(next.replace(/^\/desk/, '') || '/', { replace: true });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [config, navigate, onSignedIn]);
  return error ? (
    <div style={{ maxWidth: 560, margin: '80px auto' }}>
      <Notice type="error" title="登录失败" description={error} />
    </div>
  ) : (
    <Loading />
  );
}
