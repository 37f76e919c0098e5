// Registration of an employee account. The account signs in once an admin approves it, which the
// page says after a registration.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { graphql } from '../graphql';
import { errorMessage, fieldErrors } from '../lib/errors';
import { usePageTitle } from '../lib/usePageTitle';
import { Link } from '../router';
import { routes } from '../routes';

const Register = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      id
      email
      status
    }
  }
`);

/** input.email → email */
const inputKey = (path: string) => path.replace(/^input\./, '');

export function RegisterPage() {
  usePageTitle('Register');
  const [result, register] = useMutation(Register);
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const errors = fieldErrors(result.error, inputKey);
  const general = result.error && Object.keys(errors).length === 0 ? errorMessage(result.error) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void register({ input: values });
  };

  if (result.data)
    return (
      <AuthLayout>
        <h1>Registration received</h1>
        <p className="notice notice-success" role="status">
          Your account ({result.data.register.email}) waits for an admin to approve it. You can sign in once it is
          approved.
        </p>
        <p className="auth-switch">
          <Link href={routes.signIn.href()}>Back to sign in</Link>
        </p>
      </AuthLayout>
    );

  return (
    <AuthLayout>
      <h1>Register</h1>
      <p className="muted">Employees register here; an admin approves new accounts.</p>
      {general && <ErrorNotice error={general} />}
      <form onSubmit={submit} className="form" noValidate>
        <Field id="register-name" label="Name" required error={errors.name}>
          {(control) => (
            <input {...control} autoComplete="name" value={values.name} onChange={(e) => set('name')(e.target.value)} />
          )}
        </Field>
        <Field id="register-email" label="Email" required error={errors.email}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="email"
              value={values.email}
              onChange={(e) => set('email')(e.target.value)}
            />
          )}
        </Field>
        <Field id="register-password" label="Password" required help="At least 10 characters." error={errors.password}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              value={values.password}
              onChange={(e) => set('password')(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button-primary" disabled={result.fetching}>
          {result.fetching ? 'Registering…' : 'Register'}
        </button>
      </form>
      <p className="auth-switch">
        Have an account? <Link href={routes.signIn.href()}>Sign in</Link>
      </p>
    </AuthLayout>
  );
}
