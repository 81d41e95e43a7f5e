// The institution console importing a provider app screen.
import { screen } from '../app/screen';
export const borrowed = screen;
