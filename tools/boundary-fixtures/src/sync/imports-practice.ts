// The real syncer importing the practice host.
import { practiceHost } from '../practice/host';
export const sends = practiceHost;
