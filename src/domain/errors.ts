/**
 * 오류코드: stable codes shown on screen next to a Korean message.
 * The 0xxx/2xxx/3xxx codes come from the seed and the system's published list (SPEC §5.10);
 * 1xxx are request/session codes, 21xx payment codes and 9xxx host faults added by us.
 * A code, once shipped, keeps its meaning: add new ones, never renumber.
 */
export const ERRORS = {
  '0101': { status: 400, messageKo: '단말기와 서버의 시간이 5분 이상 차이납니다. 단말기 시간을 확인해 주세요.' },
  '0104': { status: 503, messageKo: '서버에 접속할 수 없습니다. 통신 상태를 확인해 주세요.' },
  '0273': { status: 403, messageKo: '제공인력과 단말기 정보가 일치하지 않습니다.' },
  '0304': { status: 403, messageKo: '사용할 수 없는 단말기입니다. 기관에 문의해 주세요.' },
  '2003': { status: 404, messageKo: '대상자 회원가입 및 로그인 상태를 확인하시기 바랍니다.' },
  '2005': { status: 404, messageKo: '대상자가 아니거나 포털 회원이 아닙니다. 스마트폰 번호를 확인해 주세요.' },
  '2206': { status: 400, messageKo: '사업유형 정보가 없습니다.' },
  '2207': { status: 403, messageKo: '기관과 대상자 간 계약 정보가 없습니다.' },
  '3104': { status: 400, messageKo: '종료시간이 현재시간 이후입니다.' },
  // 소급결제 (SPEC §5.4, §5.11).
  '3105': { status: 400, messageKo: '종료시간은 시작시간 이후여야 합니다.' },
  '3106': { status: 400, messageKo: '소급결제 한 건의 제공시간이 허용된 시간(기본 8시간)을 넘습니다.' },
  '3107': { status: 400, messageKo: '대상자 카드 미소지 사유는 서비스 당일에만 선택할 수 있습니다.' },
  '3108': { status: 400, messageKo: '서비스일자가 바우처 사용 기간(해당 월)을 벗어났습니다.' },

  '1001': { status: 400, messageKo: '요청 형식이 올바르지 않습니다.' },
  '1002': { status: 401, messageKo: '아이디 또는 비밀번호가 올바르지 않습니다.' },
  '1003': { status: 401, messageKo: '로그인이 필요합니다. 다시 로그인해 주세요.' },
  '1004': { status: 429, messageKo: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.' },
  '1005': { status: 403, messageKo: '등록되지 않은 단말기입니다. 등록 확인을 다시 진행해 주세요.' },
  '1006': { status: 426, messageKo: '업데이트가 필요합니다. 앱을 업데이트해 주세요.' },
  '1007': { status: 403, messageKo: '허용되지 않은 요청 출처입니다.' },

  '1020': { status: 403, messageKo: '현재 비밀번호가 올바르지 않습니다.' },
  '1021': { status: 400, messageKo: '새 비밀번호는 8~64자로 영문, 숫자, 특수문자를 모두 포함하고 스마트폰 번호를 포함하지 않아야 합니다.' },
  '1022': { status: 400, messageKo: '새 비밀번호가 현재 비밀번호와 같습니다.' },
  '1023': { status: 409, messageKo: '이전 단말기를 이어받을 수 없습니다. 새 단말기로 등록되었습니다.' },
  '1060': { status: 404, messageKo: '제공하지 않는 기능입니다.' },
  '1030': { status: 403, messageKo: '연습모드에서는 사용할 수 없는 기능입니다. 연습을 마친 뒤 이용해 주세요.' },

  '2001': { status: 404, messageKo: '등록되지 않은 카드입니다. 카드를 다시 확인해 주세요.' },
  '2002': { status: 403, messageKo: '사용이 정지된 카드입니다.' },
  '2101': { status: 409, messageKo: '바우처 잔액이 부족합니다.' },
  '2102': { status: 404, messageKo: '이번 달 사용할 수 있는 바우처가 없습니다.' },
  '2103': { status: 400, messageKo: '결제 금액이 올바르지 않습니다.' },
  '2104': { status: 400, messageKo: '서비스종류별 시간의 합이 총 시간과 일치하지 않습니다.' },
  '2105': { status: 400, messageKo: '차량내입욕과 가정내입욕 중 한 가지만 입력할 수 있습니다.' },
  '2106': { status: 410, messageKo: '결제 유효시간(5분)이 지났습니다. 카드를 다시 태깅해 주세요.' },
  '2107': { status: 409, messageKo: '이미 처리된 결제 번호에 다른 내용이 전송되었습니다.' },
  '2108': { status: 409, messageKo: '시작된 서비스가 없습니다. 서비스 시작을 먼저 하거나 소급결제를 이용해 주세요.' },
  '2109': { status: 409, messageKo: '이미 시작된 서비스가 있습니다.' },
  '2110': { status: 409, messageKo: '결제 금액이 계산된 금액과 다릅니다. 다시 시도해 주세요.' },
  '2111': { status: 400, messageKo: '서비스 시간이 올바르지 않습니다.' },
  '2112': { status: 400, messageKo: '해당 사업에 없는 서비스종류입니다.' },
  '2113': { status: 400, messageKo: '적용할 수가(단가) 정보가 없습니다.' },
  '2114': { status: 400, messageKo: '정상결제는 바우처 화면이 열린 동안의 서비스만 결제할 수 있습니다. 지난 서비스는 소급결제로 결제해 주세요.' },
  '2115': { status: 403, messageKo: '다른 제공인력이 시작한 서비스입니다. 본인이 시작한 서비스만 결제하거나 취소할 수 있습니다.' },

  '2120': { status: 409, messageKo: '오프라인 결제 대기 건수가 한도에 도달했습니다. 통신이 되는 곳에서 전송한 뒤 결제해 주세요.' },
  '2121': { status: 409, messageKo: '오프라인 결제 대기 금액이 한도에 도달했습니다. 통신이 되는 곳에서 전송한 뒤 결제해 주세요.' },
  '2122': { status: 409, messageKo: '72시간이 지난 오프라인 결제가 있습니다. 먼저 전송해 주세요.' },
  '2123': { status: 400, messageKo: 'QR결제와 생체인증결제는 통신이 필요합니다. 카드로 결제하거나 나중에 소급결제를 이용해 주세요.' },
  '2124': { status: 409, messageKo: '전송 대기 중인 결제가 있어 로그아웃할 수 없습니다. 먼저 전송해 주세요.' },

  '2130': { status: 404, messageKo: '취소할 결제를 찾을 수 없습니다. 승인번호를 확인해 주세요.' },
  '2131': { status: 409, messageKo: '이미 취소된 결제입니다.' },
  '2132': { status: 409, messageKo: '지난달 결제는 취소할 수 없습니다. 기관에 문의해 주세요.' },

  // 이용자 포털, QR결제, 생체인증결제 (issue 10).
  '1040': { status: 409, messageKo: '이미 가입된 회원입니다. 로그인해 주세요.' },
  '1041': { status: 404, messageKo: '가입 정보가 일치하지 않습니다. 스마트폰 번호와 사용 중인 카드번호를 확인해 주세요.' },
  '1042': { status: 409, messageKo: '등록된 생체인증이 없습니다. 로그인 및 인증관리에서 먼저 등록해 주세요.' },
  '1043': { status: 401, messageKo: '생체인증에 실패했습니다. 다시 시도해 주세요.' },
  '1044': { status: 410, messageKo: '인증 요청이 만료되었거나 이미 사용되었습니다. 처음부터 다시 시도해 주세요.' },
  '1045': { status: 404, messageKo: '알림을 찾을 수 없습니다.' },
  '2140': { status: 410, messageKo: 'QR코드의 유효시간이 지났습니다. 이용자에게 새 QR코드를 요청해 주세요.' },
  '2141': { status: 409, messageKo: '이미 사용된 QR코드입니다.' },
  '2142': { status: 400, messageKo: '올바른 결제 QR코드가 아닙니다.' },
  '2143': { status: 403, messageKo: '이 결제에 사용할 수 없는 QR코드입니다. 이용자에게 새 QR결제를 요청해 주세요.' },
  '2144': { status: 410, messageKo: '인증 유효시간 초과. 스마트폰 번호를 다시 입력해 주세요.' },
  '2145': { status: 409, messageKo: '이용자가 결제 요청을 거절했습니다.' },
  '2146': { status: 404, messageKo: '결제 요청을 찾을 수 없습니다.' },
  '2147': { status: 409, messageKo: '이용자가 승인한 금액을 넘는 결제입니다.' },

  // 기관 관리 콘솔 (issue 12).
  '1050': { status: 409, messageKo: '이미 등록된 스마트폰 번호입니다.' },
  '1051': { status: 409, messageKo: '이미 사용 중인 제공인력 결제 ID입니다.' },
  '1052': { status: 404, messageKo: '대상을 찾을 수 없습니다. 목록을 새로 고친 뒤 다시 시도해 주세요.' },
  '1053': { status: 403, messageKo: '사용이 중지된 제공인력입니다. 기관에 문의해 주세요.' },
  '1054': { status: 409, messageKo: '이미 계약된 사업입니다.' },
  '1055': { status: 400, messageKo: '조회 기간이 올바르지 않습니다. 시작일은 종료일 이전이고 기간은 366일 이내여야 합니다.' },
  '1056': { status: 403, messageKo: '이 사업을 결제할 수 없는 제공인력입니다. 기관에 문의해 주세요.' },
  '1057': { status: 409, messageKo: '이번 달 바우처가 이미 있습니다.' },

  '9999': { status: 500, messageKo: '일시적인 서버 오류입니다. 잠시 후 다시 시도해 주세요.' },
} as const satisfies Record<string, { status: number; messageKo: string }>;

export type ErrorCode = keyof typeof ERRORS;

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(ERRORS, value);

export const messageKo = (code: ErrorCode): string => ERRORS[code].messageKo;
export const httpStatus = (code: ErrorCode): number => ERRORS[code].status;
