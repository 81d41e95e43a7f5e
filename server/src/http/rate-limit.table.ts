/** One fixed-window counter per (route, client) key; the key is a hash, so no phone number is stored. */
export interface RateLimitTable {
  key: string;
  window_start: number;
  count: number;
}
