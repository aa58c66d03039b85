/**
 * The text an opaque token of this API (a global ID, a cursor) carries, or '' when the token is not exactly as this
 * API writes them: unpadded base64url. Node's decoder skips what is not of its alphabet and reads padding and the
 * standard alphabet too, so "<id>!!!!", "<id>==" and "<id>" with `+/` for `-_` all read as the same token.
 */
export function opaqueText(token: string): string {
  const bytes = Buffer.from(token, 'base64url');
  return bytes.toString('base64url') === token ? bytes.toString('utf8') : '';
}
