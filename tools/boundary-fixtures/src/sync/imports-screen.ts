// An adapter importing a screen.
import { screen } from '../app/screen';
export const syncer = screen;
