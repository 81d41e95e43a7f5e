// The provider app importing the portal.
import { page } from '../portal/page';
export const mixed = page;
