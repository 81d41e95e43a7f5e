// The domain reaching into the device database (IO).
import { table } from '../db/table';
export const rule = table;
