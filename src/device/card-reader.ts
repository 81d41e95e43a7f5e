/**
 * 카드 읽기: the card is an NDEF tag the institution wrote with an opaque token (SPEC §4). Web NFC
 * (`NDEFReader`, Chrome on Android) reads it; where there is none (iPad, desktop) the worker types
 * the 16-digit card number and the payment is marked as typed. Screens only see `CardReader`.
 * E2E replaces `window.NDEFReader` with a fake, so the NFC reader accepts any EventTarget-like
 * object that calls `addEventListener` listeners and/or `onreading`.
 */
import type { CardRead } from '../domain/wire';
import { CARD_NUMBER_PATTERN, normalizeCardNumber } from '../domain/people';

export interface CardReader {
  readonly kind: 'nfc' | 'typed';
  /** Resolves with the next card; rejects with CardReadError, or with the signal's reason when aborted. */
  read(signal: AbortSignal): Promise<CardRead>;
}

export type CardReadErrorKind = 'unreadable' | 'not-allowed' | 'unsupported' | 'invalid-number';

export class CardReadError extends Error {
  override readonly name = 'CardReadError';
  constructor(
    readonly kind: CardReadErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const NFC_READ_ERROR_KO = '카드를 읽을 수 없습니다. 다시 태깅해 주세요.';
const NOT_ALLOWED_KO = 'NFC 사용 권한이 필요합니다. [카드 읽기 시작]을 눌러 주세요.';
const UNSUPPORTED_KO = '이 기기에서는 NFC를 사용할 수 없습니다. 카드번호를 직접 입력해 주세요.';
const INVALID_NUMBER_KO = '카드번호 16자리를 입력해 주세요.';

// ── Web NFC, typed just as far as this module uses it (it is not in TypeScript's DOM lib) ────────
export interface NdefRecordLike {
  readonly recordType: string;
  readonly encoding?: string | null | undefined;
  readonly data?: DataView | ArrayBuffer | null | undefined;
}
export interface NdefReadingEventLike {
  readonly serialNumber?: string | null | undefined;
  readonly message?: { readonly records?: ArrayLike<NdefRecordLike> | null | undefined } | null | undefined;
}
export interface NdefReaderLike {
  scan(options?: { signal?: AbortSignal }): Promise<void>;
  addEventListener?(type: string, listener: (event: never) => void): void;
  removeEventListener?(type: string, listener: (event: never) => void): void;
  onreading?: ((event: never) => void) | null;
  onreadingerror?: ((event: never) => void) | null;
}
export type NdefReaderConstructor = new () => NdefReaderLike;

/** The card token in a reading: the first text record, else (no text record) the tag's serial number. */
export function tokenFromReading(event: NdefReadingEventLike): string | null {
  const records = event.message?.records;
  if (records) {
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      if (record?.recordType !== 'text' || !record.data) continue;
      const text = new TextDecoder(record.encoding || 'utf-8').decode(record.data).trim();
      if (text !== '') return text;
    }
  }
  const serial = event.serialNumber?.trim();
  return serial ? serial : null;
}

export function nfcAvailable(win: object = globalThis): boolean {
  return 'NDEFReader' in win && typeof (win as { NDEFReader?: unknown }).NDEFReader === 'function';
}

/** Reads one card per `read()` call on Web NFC; the scan stops as soon as a card was read or the signal aborts. */
export function createNfcCardReader(Reader: NdefReaderConstructor): CardReader {
  return {
    kind: 'nfc',
    read(signal) {
      return new Promise<CardRead>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        const scanStop = new AbortController();
        const reader = new Reader();
        let settled = false;
        const finish = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          reader.removeEventListener?.('reading', onReading as (event: never) => void);
          reader.removeEventListener?.('readingerror', onReadingError as (event: never) => void);
          reader.onreading = null;
          reader.onreadingerror = null;
          scanStop.abort();
          outcome();
        };
        const onReading = (event: NdefReadingEventLike) => {
          let token: string | null;
          try {
            token = tokenFromReading(event);
          } catch {
            token = null;
          }
          if (token === null) finish(() => reject(new CardReadError('unreadable', NFC_READ_ERROR_KO)));
          else finish(() => resolve({ kind: 'nfc', token }));
        };
        const onReadingError = () => finish(() => reject(new CardReadError('unreadable', NFC_READ_ERROR_KO)));
        const onAbort = () => finish(() => reject(signal.reason));

        signal.addEventListener('abort', onAbort);
        // Both ways of listening: a real NDEFReader calls each once per event, and the settle-once
        // guard above makes the second call a no-op; a minimal fake may support only one of them.
        reader.addEventListener?.('reading', onReading as (event: never) => void);
        reader.addEventListener?.('readingerror', onReadingError as (event: never) => void);
        reader.onreading = onReading as (event: never) => void;
        reader.onreadingerror = onReadingError as (event: never) => void;
        let scanning: Promise<void>;
        try {
          scanning = Promise.resolve(reader.scan({ signal: scanStop.signal }));
        } catch (cause) {
          scanning = Promise.reject(cause);
        }
        scanning.catch((cause: unknown) => {
          const name = (cause as { name?: unknown } | null)?.name;
          if (name === 'AbortError') return;
          if (name === 'NotAllowedError') finish(() => reject(new CardReadError('not-allowed', NOT_ALLOWED_KO)));
          else if (name === 'NotSupportedError') finish(() => reject(new CardReadError('unsupported', UNSUPPORTED_KO)));
          else finish(() => reject(new CardReadError('unreadable', NFC_READ_ERROR_KO)));
        });
      });
    },
  };
}

/** The typed fallback: `read()` waits until the screen's keypad submits a 16-digit number. */
export interface TypedCardReader extends CardReader {
  readonly kind: 'typed';
  /** Hands the typed number to the pending `read()`; throws CardReadError when it is not 16 digits. */
  submit(cardNumber: string): void;
}

export function createTypedCardReader(): TypedCardReader {
  let pending: ((read: CardRead) => void) | null = null;
  return {
    kind: 'typed',
    read(signal) {
      return new Promise<CardRead>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = () => {
          pending = null;
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        pending = (read) => {
          signal.removeEventListener('abort', onAbort);
          pending = null;
          resolve(read);
        };
      });
    },
    submit(cardNumber) {
      const number = normalizeCardNumber(cardNumber);
      if (!CARD_NUMBER_PATTERN.test(number)) throw new CardReadError('invalid-number', INVALID_NUMBER_KO);
      pending?.({ kind: 'typed', number });
    },
  };
}

/** The reader this device can offer: NFC where Web NFC exists, else typed entry. */
export function createCardReader(win: Window = window): CardReader {
  if (nfcAvailable(win)) return createNfcCardReader((win as unknown as { NDEFReader: NdefReaderConstructor }).NDEFReader);
  return createTypedCardReader();
}

/** A card as the screen may show it: never the whole token or number. */
export function maskedCard(read: CardRead): string {
  const value = read.kind === 'nfc' ? read.token : read.number;
  return value.length <= 4 ? '****' : `${'*'.repeat(Math.min(value.length - 4, 12))}${value.slice(-4)}`;
}
