export const table = 'a table';
