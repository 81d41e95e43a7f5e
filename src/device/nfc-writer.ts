/**
 * 카드 쓰기: the console writes a new card's opaque token on an NDEF tag with Web NFC
 * (`NDEFReader.write`, Chrome on Android) as one text record — what the provider app's card reader
 * (card-reader.ts) reads back. Where there is no Web NFC the console shows the typed card number to
 * print instead. E2E replaces `window.NDEFReader` with a fake that records the write.
 */
import { nfcAvailable } from './card-reader';

interface NdefWriterLike {
  write(
    message: { records: { recordType: 'text'; data: string; lang?: string }[] },
    options?: { signal?: AbortSignal; overwrite?: boolean },
  ): Promise<void>;
}

export type NfcWriteErrorKind = 'not-allowed' | 'unsupported' | 'failed';

export class NfcWriteError extends Error {
  override readonly name = 'NfcWriteError';
  constructor(
    readonly kind: NfcWriteErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const canWriteNfc = (win: object = globalThis): boolean => nfcAvailable(win);

/** Writes the token on the next tag held to the device; rejects with NfcWriteError, or the signal's reason. */
export async function writeCardToken(token: string, signal: AbortSignal, win: object = globalThis): Promise<void> {
  const Reader = (win as { NDEFReader?: new () => NdefWriterLike }).NDEFReader;
  if (!Reader) throw new NfcWriteError('unsupported', '이 기기에서는 NFC 카드를 쓸 수 없습니다. 카드번호를 인쇄해 주세요.');
  try {
    await new Reader().write({ records: [{ recordType: 'text', data: token, lang: 'en' }] }, { signal, overwrite: true });
  } catch (cause) {
    if (signal.aborted) throw signal.reason;
    const name = (cause as { name?: unknown } | null)?.name;
    if (name === 'NotAllowedError') throw new NfcWriteError('not-allowed', 'NFC 사용 권한이 필요합니다. 다시 시도해 주세요.');
    if (name === 'NotSupportedError') throw new NfcWriteError('unsupported', '이 기기에서는 NFC 카드를 쓸 수 없습니다. 카드번호를 인쇄해 주세요.');
    throw new NfcWriteError('failed', '카드에 쓰지 못했습니다. 카드를 다시 대 주세요.');
  }
}
