import { useEffect } from 'preact/hooks';
import { findProgram, type Program } from '../domain/catalog';
import { Button } from '../ui/Button';
import { InfoNotice } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';

/** 홈: 제공기관명, the worker, one big button per program the institution bills, 오늘 결제내역, 환경설정. */
export function HomeScreen() {
  const app = useApp();
  const session = app.session;
  useEffect(() => {
    if (!session) app.nav.toLogin();
  }, [session, app.nav]);
  if (!session) return null;
  const programs = session.programIds.map(findProgram).filter((p): p is Program => p !== undefined);
  return (
    <Screen title={session.institution.name} kicker={T.appTitle}>
      <InfoNotice text={app.notice} />
      <p class="who">
        <span class="who-label">{T.homeWorker}</span> <strong>{session.worker.name}</strong>
      </p>
      <h2 class="section-title">{T.homePrograms}</h2>
      {programs.length === 0 ? <p class="field-hint">{T.homeNoPrograms}</p> : null}
      <ul class="program-list">
        {programs.map((program) => (
          <li key={program.id}>
            <Button
              variant="primary"
              large
              class="program-btn"
              aria-label={program.nameKo}
              onClick={() => app.nav.push({ name: 'method', programId: program.id })}
            >
              <span class="program-name">{program.nameKo}</span>
              <span class="program-group" aria-hidden="true">
                {program.groupKo}
              </span>
            </Button>
          </li>
        ))}
      </ul>
      <div class="row-buttons">
        <Button large onClick={() => app.nav.push({ name: 'today' })}>
          {T.todayPayments}
        </Button>
        <Button large onClick={() => app.nav.push({ name: 'settings' })}>
          {T.settings}
        </Button>
      </div>
    </Screen>
  );
}
