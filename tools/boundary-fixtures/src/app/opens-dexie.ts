// A screen opening the device database itself instead of calling a verb.
import { Dexie } from 'dexie';
export const db = new Dexie('x');
