// The host importing app code other than the domain.
import { table } from '../../src/db/table';
export const service = table;
