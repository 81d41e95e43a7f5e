/**
 * The provider app's screens outside the payment flow, as one discriminated union; the shell
 * keeps them in a stack and 이전 (and the browser's back) pops one. The payment flow itself —
 * program → method → card → voucher → entry → result — is not a route: it is the state of its own
 * reducer (payment-flow.ts), and the shell shows it on top of the stack while it runs.
 */
export type Route =
  | { readonly name: 'register' }
  | { readonly name: 'login' }
  | { readonly name: 'home' }
  | { readonly name: 'sync' }
  | { readonly name: 'today' }
  | { readonly name: 'settings' }
  /** 환경설정 → 서비스 추가/삭제. */
  | { readonly name: 'services' }
  /** 환경설정 → 패스워드 변경. */
  | { readonly name: 'password' }
  /** 환경설정 → 연습모드: what practice is, its cards, 연습 시작. */
  | { readonly name: 'practice' }
  | { readonly name: 'card-test' };

export type RouteName = Route['name'];
export type RouteOf<N extends RouteName> = Extract<Route, { name: N }>;
