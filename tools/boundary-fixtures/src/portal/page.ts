export const page = 'a portal page';
