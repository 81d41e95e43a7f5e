import { findProgram } from '../domain/catalog';
import { useApp } from './app-context';
import { AmountScreen } from './AmountScreen';
import { CardTagScreen } from './CardTagScreen';
import { CompleteScreen } from './CompleteScreen';
import { MethodScreen } from './MethodScreen';
import { QueuedScreen } from './QueuedScreen';
import { ResumeScreen } from './ResumeScreen';
import { SplitScreen } from './SplitScreen';
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
    case 'method':
      return <MethodScreen programId={state.programId} />;
    case 'identify':
      return <CardTagScreen key={state.programId} programId={state.programId} />;
    case 'worker':
      return <WorkerIdScreen key={state.identified.voucher.lookupId} identified={state.identified} />;
    case 'voucher':
      return <VoucherView key={state.identified.voucher.lookupId} identified={state.identified} />;
    case 'entry': {
      const program = findProgram(state.programId);
      if (program?.model === 'amount') return <AmountScreen key={state.identified.voucher.lookupId} entry={state} />;
      const { openService } = state.basis;
      return openService ? <SplitScreen key={state.identified.voucher.lookupId} entry={state} openService={openService} /> : null;
    }
    case 'done':
      return state.outcome.kind === 'approved' ? <CompleteScreen receipt={state.outcome.receipt} /> : <QueuedScreen queued={state.outcome.queued} />;
    case 'resuming':
      return <ResumeScreen state={state} />;
  }
}
