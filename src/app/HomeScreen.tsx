import { useEffect } from 'preact/hooks';
import { findProgram, topUpsOf, type Program } from '../domain/catalog';
import { Button } from '../ui/Button';
import { ErrorNotice, InfoNotice } from '../ui/ErrorNotice';
import { useLive } from '../ui/useLive';
import { messageKo } from '../domain/errors';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { PracticeCards } from './PracticeCards';
import { ReinstallNotice } from './ReinstallNotice';

/**
 * 홈: 제공기관명, the worker, one big button per program the institution bills, 오늘 결제내역,
 * 전송 현황, 환경설정. A payment the host refused on sync is announced here until acknowledged;
 * an app the host no longer accepts (1006) cannot start new payments.
 *
 * A program button is named by its visible name alone (its content, no aria-label that could drift
 * from what is shown); the group under it is its description, not part of the name.
 */
export function HomeScreen() {
  const app = useApp();
  const session = app.session;
  useEffect(() => {
    if (!session) app.nav.toLogin();
  }, [session, app.nav]);
  const status = useLive(app.device.syncStatus, [app.device]);
  const hidden = useLive(app.device.hiddenPrograms, [app.device]);
  // 시도추가지원 (환경설정): on, a program with a top-up asks 추가지원 유형 first.
  const topUpOn = useLive(app.device.provincialTopUp, [app.device]) === true;
  if (!session) return null;
  const refused = status?.refused.length ?? 0;
  const revoked = app.terminalRevoked;
  const blocked = app.net.updateRequired || revoked;
  // A top-up is reached through the program it tops up, never listed by itself.
  const billable = session.programIds.map(findProgram).filter((p): p is Program => p !== undefined && p.topUpOf === undefined);
  // 서비스 추가/삭제: nothing shows until the device said what is hidden, so a hidden one never flashes.
  const programs = hidden === undefined ? [] : billable.filter((program) => !hidden.includes(program.id));
  return (
    <Screen title={session.institution.name} kicker={T.appTitle}>
      <InfoNotice text={app.notice} />
      {app.practice ? <PracticeCards cards={app.practice.cards} /> : null}
      {session.reinstall && !app.practice ? <ReinstallNotice candidate={session.reinstall} /> : null}
      {refused > 0 ? (
        <ErrorNotice error={{ code: '', message: T.refusedHome(refused) }}>
          <Button large onClick={() => app.nav.push({ name: 'sync' })}>
            {T.syncStatus}
          </Button>
        </ErrorNotice>
      ) : null}
      {app.terminalProfile === 'shared' ? (
        <p class="who">
          <strong>{T.homeShared}</strong> <span class="who-label">{T.homeSharedHint}</span>
        </p>
      ) : (
        <p class="who">
          <span class="who-label">{T.homeWorker}</span> <strong>{session.worker.name}</strong>
        </p>
      )}
      <h2 class="section-title">{T.homePrograms}</h2>
      {billable.length === 0 ? <p class="field-hint">{T.homeNoPrograms}</p> : null}
      {billable.length > 0 && hidden !== undefined && programs.length === 0 ? <p class="field-hint">{T.homeAllHidden}</p> : null}
      {revoked ? (
        <div id="programs-blocked">
          <ErrorNotice error={{ code: '0304', message: messageKo('0304') }} note={T.terminalRevokedBlock} />
        </div>
      ) : blocked ? (
        <p id="programs-blocked" class="field-hint field-hint-error">
          {messageKo('1006')} {T.errorCode('1006')} — {T.updateRequiredBlock}
        </p>
      ) : null}
      <ul class="program-list">
        {programs.map((program) => (
          <li key={program.id}>
            <Button
              variant="primary"
              large
              class="program-btn"
              disabled={blocked}
              aria-describedby={blocked ? `program-group-${program.id} programs-blocked` : `program-group-${program.id}`}
              onClick={() => app.flow.start(program.id, topUpOn ? topUpsOf(program.id, session.programIds) : [])}
            >
              <span class="program-name">{program.nameKo}</span>
              <span class="program-group" id={`program-group-${program.id}`} aria-hidden="true">
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
        <Button large onClick={() => app.nav.push({ name: 'sync' })}>
          {T.syncStatus}
        </Button>
        <Button large onClick={() => app.nav.push({ name: 'settings' })}>
          {T.settings}
        </Button>
      </div>
    </Screen>
  );
}
