import { screen } from '../app/screen';
export const leak = screen;
