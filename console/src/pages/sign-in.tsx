/**
 * Sign-in through the API: password, then the challenge it may ask (a new password on the
 * first sign-in, or the six digits of an authenticator app). Each step is one form whose
 * first field takes the focus, so the whole flow works from the keyboard.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SignInChallenge } from '../../../sdk/src/index';
import { describeError, hydrant, loadMe } from '../api';
import { t } from '../i18n';

type Step = { kind: 'password' } | { kind: 'new-password' | 'mfa'; challenge: SignInChallenge };

export function SignIn() {
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [step.kind]);

  const submit = (work: (form: FormData) => Promise<Awaited<ReturnType<ReturnType<typeof hydrant>['signIn']>>>) => async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await work(new FormData(event.currentTarget as HTMLFormElement));
      if (result.kind === 'signed-in') await loadMe();
      else setStep({ kind: result.challenge === 'NEW_PASSWORD_REQUIRED' ? 'new-password' : 'mfa', challenge: result });
    } catch (e) {
      setError(describeError(e, t('forbidden')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>{t('appName')}</h1>
      {step.kind === 'password' && (
        <form onSubmit={submit((f) => hydrant().signIn(String(f.get('username')), String(f.get('password'))))}>
          <label for="username">{t('email')}</label>
          <input ref={first} id="username" name="username" type="email" autocomplete="username" required />
          <label for="password">{t('password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit" disabled={busy}>{busy ? t('signingIn') : t('signIn')}</button>
        </form>
      )}
      {step.kind === 'new-password' && (
        <form onSubmit={submit((f) => hydrant().completeNewPassword(step.challenge, String(f.get('newPassword'))))}>
          <p id="new-password-help">{t('newPasswordHelp')}</p>
          <label for="newPassword">{t('newPassword')}</label>
          <input ref={first} id="newPassword" name="newPassword" type="password" autocomplete="new-password" minLength={12} required aria-describedby="new-password-help" />
          <button type="submit" disabled={busy}>{t('setPassword')}</button>
        </form>
      )}
      {step.kind === 'mfa' && (
        <form onSubmit={submit((f) => hydrant().respondToMfa(step.challenge, String(f.get('code'))))}>
          <label for="code">{t('totpCode')}</label>
          <input ref={first} id="code" name="code" inputMode="numeric" pattern="[0-9]{6}" maxLength={6} autocomplete="one-time-code" required />
          <button type="submit" disabled={busy}>{t('verify')}</button>
        </form>
      )}
      {error && <p role="alert" class="error">{error}</p>}
    </main>
  );
}
