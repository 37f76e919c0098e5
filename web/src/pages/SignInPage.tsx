// Sign in with email and password. A wrong password, an account that waits for approval or one that
// is not active each say so.
import { useState, type FormEvent } from 'react';
import type { CombinedError } from 'urql';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { errorCode, errorMessage } from '../lib/errors';
import { usePageTitle } from '../lib/usePageTitle';
import { Link } from '../router';
import { routes } from '../routes';
import { login } from '../session/session';

function signInProblem(error: CombinedError): string {
  const reason = error.graphQLErrors[0]?.extensions.reason;
  if (reason === 'BAD_CREDENTIALS') return 'Wrong email or password.';
  if (reason === 'ACCOUNT_PENDING') return 'Your account waits for an admin to approve it.';
  if (errorCode(error) === 'UNAUTHENTICATED') return 'This account cannot sign in: it is not active.';
  return errorMessage(error);
}

export function SignInPage({ notice }: { notice?: string }) {
  usePageTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const error = await login(email, password);
    setBusy(false);
    if (error) setProblem(signInProblem(error));
  };

  return (
    <AuthLayout>
      <h1>Sign in</h1>
      {notice && !problem && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {problem && <ErrorNotice error={problem} />}
      <form onSubmit={(e) => void submit(e)} className="form">
        <Field id="signin-email" label="Email" required>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field id="signin-password" label="Password" required>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        No account yet? <Link href={routes.register.href()}>Register</Link>
      </p>
    </AuthLayout>
  );
}
