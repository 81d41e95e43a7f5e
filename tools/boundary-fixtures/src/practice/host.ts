export const practiceHost = 'a practice host';
