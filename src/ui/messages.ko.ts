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

  // 통신음영지역 (offline)
  offlineBanner: '오프라인 — 결제는 기기에 저장되고 통신이 되면 전송됩니다',
  pendingBadge: (n: number) => `전송 대기 ${n}건`,
  offlineBalance: '잔액 (전송 대기 반영, 임시)',
  offlineVoucherNote: '통신이 되지 않아 기기에 저장된 정보로 결제합니다. 결제는 이 기기에 저장되고 통신이 되면 전송됩니다.',
  offlineStartedNotice: (hm: string) =>
    `서비스 시작 ${hm} — 통신이 되지 않아 이 기기에 기록했습니다. 서비스가 끝나면 카드를 다시 태깅하고 [서비스 결제]를 눌러 주세요.`,
  offlineOpenServiceNote: '이 서비스는 통신이 되지 않을 때 시작되어, 결제는 기기에 저장된 뒤 전송됩니다.',
  saving: '기기에 저장 중…',
  saveOffline: '전송 대기로 저장',
  saveOfflineNote:
    '통신이 끊겨 결제 결과를 확인하지 못했습니다. [확인]으로 다시 전송하거나, [전송 대기로 저장]을 누르면 같은 결제 번호로 기기에 저장되어 통신이 되면 전송됩니다. 어느 쪽도 두 번 결제되지 않습니다.',
  notSaved: '결제가 저장되지 않았습니다.',
  overProvisional: '기기에 저장된 잔액(전송 대기 반영)보다 많습니다. 결제가 저장되지 않았습니다.',
  queuedTitle: '전송 대기',
  queuedDone: '결제가 기기에 저장되었습니다. 통신이 되면 자동으로 전송됩니다.',
  approvalAfterSync: '전송 후 발급',
  methodNeedsNetwork: '통신이 되지 않습니다.',

  syncStatus: '전송 현황',
  syncPending: '전송 대기',
  syncPendingAmount: '전송 대기 금액',
  syncSending: '전송 중',
  syncRefused: '전송 거절 (확인 필요)',
  syncRefusedNone: '거절된 결제가 없습니다.',
  syncApproved: '승인된 오프라인 결제',
  syncApprovedNone: '아직 승인된 오프라인 결제가 없습니다.',
  syncPendingList: '전송 대기 결제',
  lastSync: '마지막 전송',
  lastError: '마지막 오류',
  none: '없음',
  syncNow: '지금 전송',
  syncNowBusy: '전송 중…',
  syncNowDone: (approved: number, refused: number, remaining: number) =>
    `승인 ${approved}건, 거절 ${refused}건, 남은 전송 대기 ${remaining}건`,
  count: (n: number) => `${n}건`,
  capturedAt: '저장 시각',
  storageNotPersisted:
    '저장공간이 영구 저장으로 설정되지 않았습니다. 기기 저장공간이 부족하면 브라우저가 전송 대기 결제를 지울 수 있으니, 통신이 되는 곳에서 곧 전송해 주세요.',
  refusedHome: (n: number) => `전송이 거절된 결제가 ${n}건 있습니다. [전송 현황]에서 사유를 확인해 주세요.`,
  refusedKept: '이 결제는 승인되지 않았습니다(잔액이 차감되지 않았습니다). 확인을 누르면 목록에서 사라집니다.',
  flagged: '검토 대상',

  logoutPendingWhy: (n: number) =>
    `이 기기에만 저장된 전송 대기 결제가 ${n}건 있습니다. 로그아웃하면 이 결제를 보낼 수 없게 되므로, 통신이 되는 곳에서 [전송 현황] → [지금 전송]으로 먼저 전송해 주세요.`,
  logoutRefusedHeadline: '확인하지 않은 전송 거절 결제가 있어 로그아웃할 수 없습니다.',
  logoutRefusedWhy: (n: number) => `전송이 거절된 결제 ${n}건을 아직 확인하지 않았습니다. [전송 현황]에서 사유를 확인한 뒤 로그아웃해 주세요.`,
  switchPendingWhy: '다른 제공인력의 전송 대기 결제가 이 기기에 있습니다. 그 제공인력으로 로그인해 먼저 전송해 주세요.',

  updateRequiredBlock: '업데이트 전에는 새 결제를 시작할 수 없습니다. 전송 대기 결제는 계속 전송됩니다.',
} as const;
