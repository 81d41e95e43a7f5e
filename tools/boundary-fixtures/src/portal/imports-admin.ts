// The recipient portal importing the institution console.
import { consolePanel } from '../admin/console';
export const leaked = consolePanel;
