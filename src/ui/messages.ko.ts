/**
 * 화면 문구: every UI string of the provider app in one place, in the words of the seed screens
 * (update-guide-ko.txt) so a worker who used the dedicated terminals finds the same buttons.
 * Error messages are not here: they come with their code from src/domain/errors.ts.
 */
export const T = {
  appTitle: '사회서비스 전자바우처',
  back: '이전',
  confirm: '확인',
  retry: '다시 시도',
  next: '다음',
  erase: '지우기',
  errorCode: (code: string) => `오류코드 ${code}`,

  registerTitle: '등록 확인',
  registerChecking: '등록 확인 중…',
  registerRevoked: '이 단말기는 사용이 중지되었습니다.',

  loginTitle: '로그인',
  loginId: '아이디',
  loginIdHint: '스마트폰 번호',
  loginPassword: '비밀번호',
  loginAuto: '자동로그인',
  loginButton: '로그인',
  loginBusy: '로그인 중…',
  loginIdInvalid: '아이디는 010으로 시작하는 스마트폰 번호입니다.',
  cardTest: '카드인식 테스트',

  homeInstitution: '제공기관명',
  homeWorker: '제공인력',
  homePrograms: '결제할 사업을 선택해 주세요.',
  homeNoPrograms: '결제할 수 있는 사업이 없습니다. 기관에 문의해 주세요.',
  todayPayments: '오늘 결제내역',
  settings: '환경설정',

  methodTitle: '결제유형 선택',
  methodCard: '카드',
  methodQr: 'QR결제',
  methodBiometric: '생체인증결제',
  preparing: '준비 중',

  tagTitle: '카드 태깅',
  tagPrompt: '카드를 태깅해 주세요',
  tagHint: '카드를 단말기 뒷면에 대고 잠시 기다려 주세요.',
  tagStart: '카드 읽기 시작',
  tagTyped: '카드번호 직접 입력',
  tagUseNfc: '카드 태깅으로 돌아가기',
  tagNumberLabel: '카드번호 16자리',
  tagLookup: '바우처 조회 중…',
  nfcReadError: '카드를 읽을 수 없습니다. 다시 태깅해 주세요.',
  nfcNotAllowed: 'NFC 사용 권한이 필요합니다. [카드 읽기 시작]을 눌러 주세요.',

  voucherInstitution: '기관명',
  voucherRecipient: '이용자',
  voucherServiceCode: '서비스코드',
  voucherBalance: '잔액',
  countdown: (m: number, s: number) =>
    `* 5분 안에 결제 또는 취소를 완료하십시오.(${m}분${s}초) 미완료시 자동 종료됩니다.`,
  expired: '결제 유효시간이 지나 자동 종료되었습니다.',
  serviceStart: '서비스 시작',
  serviceStartBusy: '서비스 시작 중…',
  servicePay: '서비스 결제',
  cancelTransaction: '거래 취소',
  close: '취소',
  startedNotice: (hm: string) =>
    `서비스 시작 ${hm} — 서비스가 시작되었습니다. 서비스가 끝나면 카드를 다시 태깅하고 [서비스 결제]를 눌러 주세요.`,
  startFirst: '서비스 시작을 먼저 해 주세요',

  totalTime: '총 시간',
  remainingTime: '잔여시간',
  hoursMinutes: (h: number, m: number) => `${h}시간 ${m}분`,
  hourUnit: '시',
  minuteUnit: '분',
  fillRemaining: '남은 시간 모두',
  over: '초과',
  chooseOne: '※ 차량내입욕 및 가정내입욕 중 택1 만 가능',
  splitHint: '서비스종류별 제공시간을 입력해 주세요. 잔여시간이 0이 되면 확인을 누를 수 있습니다.',
  splitOver: '입력한 시간이 총 시간보다 많습니다.',
  fieldInvalid: '시간은 숫자로 입력해 주세요. (시 0–24, 분 0–1440)',
  paymentAmount: '결제금액',

  amountPrompt: '결제 금액을 입력해 주세요.',
  amountLabel: '결제 금액',

  paying: '결제 중…',
  payUnknown: '결제 결과를 확인하지 못했습니다. [확인]을 다시 누르면 같은 결제로 다시 전송되며 두 번 결제되지 않습니다.',
  payRefused: '결제되지 않았습니다.',

  completeTitle: '서비스 결제 완료',
  completeDone: '서비스 결제가 완료되었습니다.',
  approvalNumber: '승인번호',
  serviceDate: '서비스일자',

  todayTitle: '오늘 결제내역',
  todayStart: '시작',
  todayEnd: '종료',
  todayEmpty: '오늘 결제한 내역이 없습니다.',
  todayCancelled: '취소됨',
  loading: '불러오는 중…',
  screenLoadFailed: '화면을 불러오지 못했습니다. 통신 상태를 확인해 주세요.',

  settingsTitle: '환경설정',
  terminalInfo: '단말정보',
  modelName: '모델이름',
  terminalNumber: '단말번호',
  paymentVersion: '버전정보',
  swVersion: 'SW버전',
  logout: '로그아웃',
  autoLoginOff: '자동로그인 해제',

  cardTestTitle: '카드인식 테스트',
  cardTestOk: '카드를 인식했습니다. (결제되지 않습니다)',
  cardTestAgain: '다시 읽기',
  cardTestKindNfc: 'NFC 카드',
  cardTestKindTyped: '직접 입력',

  sessionLost: '로그인이 필요합니다. 다시 로그인해 주세요.',
} as const;
