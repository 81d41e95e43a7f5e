/**
 * QR결제's camera: reads the QR code the recipient's portal shows. The native `BarcodeDetector`
 * where it decodes `qr_code` (Chrome on Android), else html5-qrcode — loaded only then, with a
 * dynamic import, so the provider app's first load never carries it. Screens only see `QrScanner`;
 * `cameraAvailable` tells whether QR결제 is offered at all (a device with no camera does not).
 */

export interface QrScanner {
  /**
   * Shows the camera inside `host` and resolves with the text of the first QR code read; rejects
   * with QrScanError, or with the signal's reason when aborted. The camera is released either way.
   */
  scan(host: HTMLElement, signal: AbortSignal): Promise<string>;
}

export type QrScanErrorKind = 'not-allowed' | 'no-camera' | 'failed';

export class QrScanError extends Error {
  override readonly name = 'QrScanError';
  constructor(
    readonly kind: QrScanErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const NOT_ALLOWED_KO = '카메라 사용 권한이 필요합니다. 브라우저 설정에서 카메라를 허용해 주세요.';
const NO_CAMERA_KO = '이 기기에서는 카메라를 사용할 수 없습니다. 카드로 결제해 주세요.';
const FAILED_KO = '카메라를 시작할 수 없습니다. 다시 시도해 주세요.';

/** Whether the device has a camera: QR결제 is offered only then (SPEC §5.5). */
export async function cameraAvailable(
  media: Pick<MediaDevices, 'enumerateDevices'> | undefined = globalThis.navigator?.mediaDevices,
): Promise<boolean> {
  if (!media?.enumerateDevices) return false;
  try {
    return (await media.enumerateDevices()).some((device) => device.kind === 'videoinput');
  } catch {
    return false;
  }
}

// ── BarcodeDetector, typed as far as used (not in TypeScript's DOM lib) ─────────────────────────
interface DetectedBarcode {
  readonly rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<readonly DetectedBarcode[]>;
}
interface BarcodeDetectorConstructor {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** The native detector's constructor when it reads QR codes here, else null. */
export async function nativeQrDetector(win: object = globalThis): Promise<BarcodeDetectorConstructor | null> {
  const Detector = (win as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
  if (typeof Detector !== 'function') return null;
  try {
    return (await Detector.getSupportedFormats()).includes('qr_code') ? Detector : null;
  } catch {
    return null;
  }
}

function scanError(cause: unknown): QrScanError {
  const name = (cause as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return new QrScanError('not-allowed', NOT_ALLOWED_KO);
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return new QrScanError('no-camera', NO_CAMERA_KO);
  if (typeof cause === 'string' && /permission/i.test(cause)) return new QrScanError('not-allowed', NOT_ALLOWED_KO);
  return new QrScanError('failed', FAILED_KO);
}

const FRAME_INTERVAL_MS = 150;

/**
 * The camera in `host` until `readFrame` finds a QR code in a frame of it: every frame interval,
 * at the camera's own resolution (a dense code — a signed token — needs every pixel the camera
 * gives). The camera is released however the scan ends.
 */
async function scanFrames(host: HTMLElement, signal: AbortSignal, readFrame: (video: HTMLVideoElement) => Promise<string | null>): Promise<string> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).catch((cause: unknown) => {
    throw scanError(cause);
  });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  host.replaceChildren(video);
  try {
    await video.play();
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const text = video.videoWidth > 0 ? await readFrame(video).catch(() => null) : null;
      if (text) return text;
      await new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS));
    }
  } finally {
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
    video.remove();
  }
}

function nativeScanner(Detector: BarcodeDetectorConstructor): QrScanner {
  const detector = new Detector({ formats: ['qr_code'] });
  return {
    scan: (host, signal) =>
      scanFrames(host, signal, async (video) => (await detector.detect(video)).find((code) => code.rawValue !== '')?.rawValue ?? null),
  };
}

let decoderIds = 0;

/**
 * The sizes frames are read at, in turn. html5-qrcode's decoder (zxing-js) misses about one clean
 * token code in six at one size and reads it at another (measured on generated token codes at
 * 640×480), so successive frames are read at different sizes: a code held still is read within
 * four frames.
 */
const FRAME_SCALES = [1, 0.8, 1.25, 0.6] as const;

/**
 * html5-qrcode as the decoder only: each frame is drawn at (a multiple of) the camera's resolution
 * and read as an image. (Its own camera view decodes a frame scaled down to the size shown on
 * screen, which a dense code does not survive.)
 */
function html5Scanner(): QrScanner {
  return {
    async scan(host, signal) {
      const { Html5Qrcode, Html5QrcodeSupportedFormats } = await import('html5-qrcode');
      if (signal.aborted) throw signal.reason;
      const decoderHost = document.createElement('div');
      decoderHost.id = `qr-decoder-${++decoderIds}`;
      decoderHost.hidden = true;
      document.body.append(decoderHost);
      const reader = new Html5Qrcode(decoderHost.id, { verbose: false, formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE] });
      const canvas = document.createElement('canvas');
      try {
        let frames = 0;
        return await scanFrames(host, signal, async (video) => {
          const scale = FRAME_SCALES[frames++ % FRAME_SCALES.length]!;
          canvas.width = Math.round(video.videoWidth * scale);
          canvas.height = Math.round(video.videoHeight * scale);
          canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
          const frame = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
          if (!frame) return null;
          const read = await reader.scanFileV2(new File([frame], 'frame.png', { type: 'image/png' }), false);
          return read.decodedText;
        });
      } finally {
        reader.clear();
        decoderHost.remove();
      }
    },
  };
}

/** The scanner of this device: native where it reads QR codes, else html5-qrcode (fetched on first scan). */
export function createQrScanner(): QrScanner {
  let chosen: Promise<QrScanner> | null = null;
  return {
    async scan(host, signal) {
      chosen ??= nativeQrDetector().then((Detector) => (Detector ? nativeScanner(Detector) : html5Scanner()));
      return (await chosen).scan(host, signal);
    },
  };
}
