import { render } from 'preact';
import './portal.css';

/** Placeholder of the recipient portal (이용자 포털앱); its flows arrive with the QR and biometric issues. */
function Portal() {
  return (
    <main class="portal">
      <h1>사회서비스 전자바우처</h1>
      <p>이용자 포털은 준비 중입니다.</p>
      <p>내 바우처, 생체인증 등록, QR결제와 결제 알림을 이곳에서 이용하실 수 있게 됩니다.</p>
    </main>
  );
}

render(<Portal />, document.getElementById('portal')!);
void import('../pwa/register').then((m) => m.registerServiceWorker()).catch(() => undefined);
