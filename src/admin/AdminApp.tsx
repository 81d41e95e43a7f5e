import { useEffect, useState } from 'preact/hooks';
import { adminLogin, adminLogout, adminMe, ApiError } from '../api/admin';
import type { AdminSession } from '../domain/admin';
import { PROGRAM_IDS } from '../domain/catalog';
import { Button } from '../ui/Button';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { shown } from './admin-ui';
import { ExceptionsPanel } from './ExceptionsPanel';
import { A } from './messages.ko';
import { RecipientsPanel } from './RecipientsPanel';
import { ReportsPanel } from './ReportsPanel';
import { TerminalsPanel } from './TerminalsPanel';
import { WorkersPanel } from './WorkersPanel';

const TABS = [
  { id: 'workers', label: A.tabWorkers },
  { id: 'terminals', label: A.tabTerminals },
  { id: 'recipients', label: A.tabRecipients },
  { id: 'exceptions', label: A.tabExceptions },
  { id: 'reports', label: A.tabReports },
] as const;
type Tab = (typeof TABS)[number]['id'];

function LoginScreen({ onSession }: { onSession: (session: AdminSession) => void }) {
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSession(await adminLogin({ loginId: loginId.trim(), password }));
    } catch (cause) {
      setError(shown(cause));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="admin-login">
      <h1>{A.appName}</h1>
      <form class="form" onSubmit={submit} aria-label={A.loginTitle}>
        <h2>{A.loginTitle}</h2>
        <label class="field">
          <span class="field-label">{A.loginId}</span>
          <input class="input" autocomplete="username" value={loginId} onInput={(e) => setLoginId(e.currentTarget.value)} required />
        </label>
        <label class="field">
          <span class="field-label">{A.password}</span>
          <input
            class="input"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
          />
        </label>
        <ErrorNotice error={error} />
        <Button type="submit" variant="primary" large disabled={busy}>
          {busy ? A.loggingIn : A.login}
        </Button>
      </form>
    </main>
  );
}

/** 기관 관리: the institution administrator's console (login, then one panel per tab). */
export function AdminApp() {
  const [session, setSession] = useState<AdminSession | null | undefined>(undefined);
  const [tab, setTab] = useState<Tab>('workers');
  useEffect(() => {
    adminMe().then(setSession, (cause: unknown) => setSession(cause instanceof ApiError && cause.code === '1003' ? null : null));
  }, []);
  if (session === undefined) return <p class="loading">{A.loading}</p>;
  if (session === null) return <LoginScreen onSession={setSession} />;
  // A new centre has no contracts yet: every program may be chosen then.
  const programIds = session.programIds.length > 0 ? session.programIds : PROGRAM_IDS;
  return (
    <div class="admin-shell">
      <header class="titlebar admin-header">
        <div>
          <p class="kicker">{A.appTitle}</p>
          <h1>{session.institution.name}</h1>
        </div>
        <div class="admin-who">
          <span>{session.admin.name}</span>
          <Button
            onClick={() => {
              void adminLogout()
                .catch(() => undefined)
                .then(() => setSession(null));
            }}
          >
            {A.logout}
          </Button>
        </div>
      </header>
      <nav class="admin-nav" aria-label={A.nav}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            class={`btn ${tab === t.id ? 'btn-primary' : 'btn-secondary'}`}
            aria-current={tab === t.id ? 'page' : undefined}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <main class="admin-main">
        {tab === 'workers' ? <WorkersPanel programIds={programIds} /> : null}
        {tab === 'terminals' ? <TerminalsPanel /> : null}
        {tab === 'recipients' ? <RecipientsPanel /> : null}
        {tab === 'exceptions' ? <ExceptionsPanel programIds={programIds} /> : null}
        {tab === 'reports' ? <ReportsPanel /> : null}
      </main>
    </div>
  );
}
