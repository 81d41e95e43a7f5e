import type { ProgramId } from '../domain/catalog';
import type { OpenService, Receipt, VoucherScreen } from '../domain/wire';
import type { CaptureContext } from './offline-capture';

/** 전송 대기 완료: what the completion screen shows for a payment saved on the device. */
export interface QueuedReceipt {
  readonly paymentId: string;
  readonly programId: ProgramId;
  readonly institutionName: string;
  readonly recipientMasked: string;
  readonly amountKrw: number;
  /** The voucher's balance with every payment this device still holds deducted: provisional. */
  readonly provisionalBalanceKrw: number;
  /** 서비스일자 'YYYY-MM-DD' (Asia/Seoul) of the service start. */
  readonly serviceDate: string;
}

/**
 * The provider app's screens as one discriminated union: a screen carries exactly the data it
 * needs, so "the split screen without an open service" cannot be built. The app keeps a stack of
 * them; 이전 (and the browser's back) pops one.
 */
export type Route =
  | { readonly name: 'register' }
  | { readonly name: 'login' }
  | { readonly name: 'home' }
  | { readonly name: 'method'; readonly programId: ProgramId }
  | { readonly name: 'tag'; readonly programId: ProgramId }
  | {
      readonly name: 'voucher';
      readonly voucher: VoucherScreen;
      readonly deadlineAt: number;
      /** The card and where the voucher came from; absent only in tests of the online screens. */
      readonly capture?: CaptureContext;
    }
  | {
      readonly name: 'split';
      readonly voucher: VoucherScreen;
      readonly deadlineAt: number;
      readonly openService: OpenService;
      /** When 서비스 결제 was tapped, on the host's clock (device clock + measured offset). */
      readonly serviceEndAt: number;
      readonly capture?: CaptureContext;
    }
  | {
      readonly name: 'amount';
      readonly voucher: VoucherScreen;
      readonly deadlineAt: number;
      readonly serviceEndAt: number;
      readonly capture?: CaptureContext;
    }
  | { readonly name: 'complete'; readonly receipt: Receipt }
  | { readonly name: 'queued'; readonly queued: QueuedReceipt }
  | { readonly name: 'sync' }
  | { readonly name: 'today' }
  | { readonly name: 'settings' }
  | { readonly name: 'card-test' };

export type RouteName = Route['name'];
export type RouteOf<N extends RouteName> = Extract<Route, { name: N }>;
