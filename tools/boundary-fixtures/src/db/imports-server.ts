// Device code importing the host.
import { hostOnly } from '../../server/src/host-only';
export const leaked = hostOnly;
