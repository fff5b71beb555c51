import { useState, type FormEvent } from 'react';
import type { AdminUser, ApiClient, ApiErrorBody } from '../api/client.ts';
import { ErrorNotice } from '../shared/ui.tsx';

export function LoginForm({ api, onLoggedIn }: { api: ApiClient; onLoggedIn: (user: AdminUser) => void }) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await api.logIn(username, password);
    setBusy(false);
    if (result.ok) onLoggedIn(result.data.user);
    else if (result.error.code === 'invalid_credentials')
      setError({ code: result.error.code, message: 'Wrong username or password.' });
    else setError(result.error);
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Prize wheel admin</h1>
        <label className="field">
          <span>Username</span>
          <input
            data-testid="login-username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
            autoFocus
          />
        </label>
        <ErrorNotice error={error} />
        <button data-testid="login-submit" className="button-primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
