import { findProgram } from '../domain/catalog';
import { useApp } from './app-context';
import { AmountScreen } from './AmountScreen';
import { CancelChooseScreen } from './CancelChooseScreen';
import { CancelConfirmScreen } from './CancelConfirmScreen';
import { CancelDirectScreen } from './CancelDirectScreen';
import { CancelDoneScreen } from './CancelDoneScreen';
import { CancelTodayScreen } from './CancelTodayScreen';
import { CardTagScreen } from './CardTagScreen';
import { CompleteScreen } from './CompleteScreen';
import { MethodScreen } from './MethodScreen';
import { ModeScreen } from './ModeScreen';
import { QueuedScreen } from './QueuedScreen';
import { RequestScreen } from './RequestScreen';
import { ResumeScreen } from './ResumeScreen';
import { RetroNoticeScreen } from './RetroNoticeScreen';
import { RetroReasonScreen } from './RetroReasonScreen';
import { RetroWhenScreen } from './RetroWhenScreen';
import { SplitScreen } from './SplitScreen';
import { TopUpScreen } from './TopUpScreen';
import { VoucherView } from './VoucherView';
import { WorkerIdScreen } from './WorkerIdScreen';

/**
 * The payment flow's screens, each a view of the flow's state (payment-flow.ts): the state says
 * which screen shows, the screen only sends events back.
 */
export function FlowScreen() {
  const { flow } = useApp();
  const { state } = flow;
  switch (state.step) {
    case 'idle':
      return null;
    case 'topUp':
      return <TopUpScreen programId={state.programId} options={state.options} />;
    case 'method':
      return <MethodScreen programId={state.programId} />;
    case 'identify':
      return <CardTagScreen key={state.programId} programId={state.programId} />;
    case 'request':
      return <RequestScreen key={`${state.programId}-${state.method}`} state={state} />;
    case 'worker':
      return <WorkerIdScreen key={state.identified.voucher.lookupId} identified={state.identified} />;
    case 'voucher':
      return <VoucherView key={state.identified.voucher.lookupId} identified={state.identified} />;
    case 'mode':
      return <ModeScreen identified={state.identified} />;
    case 'retro':
      if (state.stage === 'notice') return <RetroNoticeScreen identified={state.identified} />;
      if (state.stage === 'when' || state.when === null) {
        return <RetroWhenScreen identified={state.identified} maxMinutes={state.maxMinutes} entered={state.when} />;
      }
      return <RetroReasonScreen identified={state.identified} when={state.when} chosen={state.reason} maxMinutes={state.maxMinutes} />;
    case 'entry': {
      const program = findProgram(state.programId);
      if (program?.model === 'amount') return <AmountScreen key={state.identified.voucher.lookupId} entry={state} />;
      // A 정상결제 of a time program pays its open service; a 소급결제 the service as entered.
      if (state.basis.mode === 'normal' && !state.basis.openService) return null;
      return <SplitScreen key={state.identified.voucher.lookupId} entry={state} />;
    }
    case 'cancel':
      if (state.stage === 'choose') return <CancelChooseScreen identified={state.identified} />;
      return state.stage === 'direct' ? <CancelDirectScreen identified={state.identified} /> : <CancelTodayScreen identified={state.identified} />;
    case 'cancelConfirm':
      return <CancelConfirmScreen state={state} />;
    case 'done': {
      const { outcome } = state;
      if (outcome.kind === 'approved') return <CompleteScreen receipt={outcome.receipt} />;
      if (outcome.kind === 'queued') return <QueuedScreen queued={outcome.queued} />;
      return <CancelDoneScreen outcome={outcome} />;
    }
    case 'resuming':
      return <ResumeScreen state={state} />;
  }
}
