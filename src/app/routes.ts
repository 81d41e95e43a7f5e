import type { ProgramId } from '../domain/catalog';
import type { OpenService, Receipt, VoucherScreen } from '../domain/wire';

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
  | { readonly name: 'voucher'; readonly voucher: VoucherScreen; readonly deadlineAt: number }
  | {
      readonly name: 'split';
      readonly voucher: VoucherScreen;
      readonly deadlineAt: number;
      readonly openService: OpenService;
      /** When 서비스 결제 was tapped, on the host's clock (device clock + measured offset). */
      readonly serviceEndAt: number;
    }
  | { readonly name: 'amount'; readonly voucher: VoucherScreen; readonly deadlineAt: number; readonly serviceEndAt: number }
  | { readonly name: 'complete'; readonly receipt: Receipt }
  | { readonly name: 'today' }
  | { readonly name: 'settings' }
  | { readonly name: 'card-test' };

export type RouteName = Route['name'];
export type RouteOf<N extends RouteName> = Extract<Route, { name: N }>;
