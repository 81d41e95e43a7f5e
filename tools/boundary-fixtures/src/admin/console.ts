export const consolePanel = 'an admin panel';
