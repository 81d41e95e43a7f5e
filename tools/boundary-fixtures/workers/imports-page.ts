// A worker running page code.
import { screen } from '../src/app/screen';
export const worker = screen;
