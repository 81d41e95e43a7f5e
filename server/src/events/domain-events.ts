/**
 * The payloads of the domain events the posting code writes. Ids and figures only: a consumer
 * reads names itself, and the push payloads built from these (next issue) carry no names or amounts.
 */
export interface PaymentApprovedPayload {
  readonly paymentId: string;
  readonly approvalNumber: string;
  readonly workerId: string;
  readonly programId: string;
  readonly serviceCode: string;
  readonly serviceDate: string;
  readonly amountKrw: number;
  /** The voucher's balance right after the payment. */
  readonly balanceKrw: number;
  readonly mode: string;
}

export interface PaymentCancelledPayload extends PaymentApprovedPayload {
  readonly cancellationId: string;
}

export interface VoucherGrantedPayload {
  readonly programId: string;
  readonly month: string;
  readonly amountKrw: number;
  readonly balanceKrw: number;
}
