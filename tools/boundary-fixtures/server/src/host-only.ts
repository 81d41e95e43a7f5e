export const hostOnly = 'host code';
