import { describe, expect, it } from 'vitest';
import {
  CardReadError,
  createCardReader,
  createNfcCardReader,
  createTypedCardReader,
  maskedCard,
  tokenFromReading,
  type NdefReaderConstructor,
} from './card-reader';

const text = (value: string) => new DataView(new TextEncoder().encode(value).buffer);

/** Like the e2e fake: an EventTarget that dispatches 'reading' once scan() starts. */
function fakeReaderClass(fire: (reader: EventTarget & { onreading?: unknown }) => void) {
  const instances: { signal: AbortSignal | undefined }[] = [];
  class FakeNdefReader extends EventTarget {
    onreading: ((event: Event) => void) | null = null;
    onreadingerror: ((event: Event) => void) | null = null;
    async scan(options?: { signal?: AbortSignal }) {
      instances.push({ signal: options?.signal });
      setTimeout(() => fire(this), 5);
    }
  }
  return { Reader: FakeNdefReader as unknown as NdefReaderConstructor, instances };
}

function readingEvent(props: Record<string, unknown>): Event {
  return Object.assign(new Event('reading'), props);
}

describe('tokenFromReading', () => {
  it('takes the first text record, decoded with its encoding', () => {
    const token = tokenFromReading({
      serialNumber: '04:a2:3b:4c',
      message: {
        records: [
          { recordType: 'url', data: text('https://example.com') },
          { recordType: 'text', encoding: 'utf-8', data: text('EVC-7f3a9c10-act') },
          { recordType: 'text', encoding: 'utf-8', data: text('second') },
        ],
      },
    });
    expect(token).toBe('EVC-7f3a9c10-act');
  });

  it('falls back to the serial number only when there is no text record', () => {
    expect(tokenFromReading({ serialNumber: '04:a2:3b:4c:5d', message: { records: [] } })).toBe('04:a2:3b:4c:5d');
    expect(tokenFromReading({ serialNumber: '', message: null })).toBeNull();
  });
});

describe('NFC card reader', () => {
  it('resolves with the token of a reading dispatched as an event, and stops scanning', async () => {
    const { Reader, instances } = fakeReaderClass((reader) =>
      reader.dispatchEvent(
        readingEvent({
          serialNumber: '04:00:11',
          message: { records: [{ recordType: 'text', encoding: 'utf-8', data: text('EVC-d1e2f356-dev') }] },
        }),
      ),
    );
    const read = await createNfcCardReader(Reader).read(new AbortController().signal);
    expect(read).toEqual({ kind: 'nfc', token: 'EVC-d1e2f356-dev' });
    expect(instances[0]?.signal?.aborted).toBe(true);
  });

  it('works with a fake that only calls onreading', async () => {
    class OnlyHandler {
      onreading: ((e: unknown) => void) | null = null;
      async scan() {
        setTimeout(() => this.onreading?.({ serialNumber: 'AA:BB:CC:DD', message: { records: [] } }), 5);
      }
    }
    const read = await createNfcCardReader(OnlyHandler as unknown as NdefReaderConstructor).read(new AbortController().signal);
    expect(read).toEqual({ kind: 'nfc', token: 'AA:BB:CC:DD' });
  });

  it('resolves once when a reader calls both the listener and onreading', async () => {
    const { Reader } = fakeReaderClass((reader) => {
      // A real NDEFReader calls the listener and the onreading handler for the same event.
      const handler = reader.onreading as (e: Event) => void;
      const event = readingEvent({ message: { records: [{ recordType: 'text', encoding: 'utf-8', data: text('EVC-first-token') }] } });
      reader.dispatchEvent(event);
      handler(readingEvent({ message: { records: [{ recordType: 'text', encoding: 'utf-8', data: text('EVC-other-token') }] } }));
    });
    await expect(createNfcCardReader(Reader).read(new AbortController().signal)).resolves.toEqual({ kind: 'nfc', token: 'EVC-first-token' });
  });

  it('rejects a reading error with the Korean message', async () => {
    const { Reader } = fakeReaderClass((reader) => reader.dispatchEvent(new Event('readingerror')));
    const error = await createNfcCardReader(Reader)
      .read(new AbortController().signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardReadError);
    expect((error as CardReadError).message).toBe('카드를 읽을 수 없습니다. 다시 태깅해 주세요.');
  });

  it('reports a refused permission so the screen can ask for a tap', async () => {
    class Refusing {
      async scan() {
        throw new DOMException('no', 'NotAllowedError');
      }
    }
    const error = await createNfcCardReader(Refusing as unknown as NdefReaderConstructor)
      .read(new AbortController().signal)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-allowed' });
  });

  it('rejects with the abort reason and aborts the scan when the screen closes', async () => {
    const { Reader, instances } = fakeReaderClass(() => {});
    const controller = new AbortController();
    const pending = createNfcCardReader(Reader).read(controller.signal);
    await new Promise((r) => setTimeout(r, 1));
    controller.abort(new DOMException('left', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(instances[0]?.signal?.aborted).toBe(true);
  });
});

describe('typed card reader', () => {
  it('hands a 16-digit number to the pending read', async () => {
    const reader = createTypedCardReader();
    const pending = reader.read(new AbortController().signal);
    reader.submit('9410-0000-0000-0006');
    await expect(pending).resolves.toEqual({ kind: 'typed', number: '9410000000000006' });
  });

  it('refuses a number that is not 16 digits', () => {
    const reader = createTypedCardReader();
    expect(() => reader.submit('94100000')).toThrowError(CardReadError);
  });
});

describe('createCardReader', () => {
  it('uses NFC only where NDEFReader exists', () => {
    expect(createCardReader({} as Window).kind).toBe('typed');
    const { Reader } = fakeReaderClass(() => {});
    expect(createCardReader({ NDEFReader: Reader } as unknown as Window).kind).toBe('nfc');
  });

  it('never shows a whole token or number', () => {
    expect(maskedCard({ kind: 'typed', number: '9410000000000006' })).toBe('************0006');
    expect(maskedCard({ kind: 'nfc', token: 'EVC-7f3a9c10-act' })).toBe('************-act');
  });
});
