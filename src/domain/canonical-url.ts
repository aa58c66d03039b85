import { BadInputError } from './errors';
import { readWebUrl } from './web-url';

/** A string that is not an absolute http(s) URL (after resolving against the base, if one was given). */
export class InvalidUrlError extends BadInputError {}

/**
 * Query parameters that only identify a click, campaign or mail recipient, never the resource: two URLs
 * differing in them name the same article. Compared lower-cased.
 */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  // Google Ads / Analytics / DoubleClick
  'gclid', 'gclsrc', 'gbraid', 'wbraid', 'dclid', '_ga', '_gl',
  // Facebook, Instagram, Twitter/X, TikTok, LinkedIn
  'fbclid', 'igshid', 'igsh', 'twclid', 'ttclid', 'li_fat_id',
  // Microsoft Ads, Yandex
  'msclkid', 'yclid', 'ysclid', '_openstat',
  // Mailchimp, HubSpot, Marketo, Vero, Olytics, Wicked Reports, Oracle Eloqua
  'mc_cid', 'mc_eid', 'mc_tc', '_hsenc', '_hsmi', '__hssc', '__hstc', '__hsfp', 'hsctatracking',
  'mkt_tok', 'vero_id', 'vero_conv', 'rb_clickid', 'oly_anon_id', 'oly_enc_id', 'wickedid', 'elqtrackid',
  // Matomo / Piwik campaigns
  'pk_campaign', 'pk_kwd', 'pk_source', 'pk_medium', 'pk_content', 'mtm_campaign', 'mtm_kwd',
  'mtm_source', 'mtm_medium', 'mtm_content', 'mtm_cid', 'mtm_group', 'mtm_placement',
  // Twitter share and referrer markers
  'ref_src', 'ref_url',
]);

/** Prefixes of whole families of tracking parameters (Urchin/Google Analytics campaigns: utm_source, …). */
export const TRACKING_PARAM_PREFIXES: readonly string[] = ['utm_'];

/** True when a query parameter name (as it appears in the URL) is a tracking parameter. */
function isTrackingParam(name: string): boolean {
  const key = safeDecode(name).toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PARAM_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * The one spelling under which an article URL is stored: absolute (resolved against `base`), http(s) only,
 * scheme and host lower-cased (IDN hosts in punycode), default port, user name, password and fragment dropped, tracking
 * parameters removed and the other parameters kept verbatim in their order. Throws InvalidUrlError.
 */
export function canonicalUrl(url: string, base?: string): string {
  // The WHATWG parser lower-cases scheme and host, applies IDNA (punycode) and drops default ports.
  const read = readWebUrl(url.trim(), base);
  if (read.problem === 'unparsable') {
    const against = base === undefined ? '' : ` against base "${base}"`;
    throw new InvalidUrlError(`Expected an absolute http(s) URL; got "${url}"${against}, which does not parse.`);
  }
  const parsed = read.url;
  if (read.problem === 'scheme') {
    throw new InvalidUrlError(`Expected an http(s) URL; got "${url}" with scheme "${parsed.protocol.slice(0, -1)}".`);
  }
  parsed.hash = '';
  // A user name and password in a link are no part of the page's address, and shown they mislead:
  // https://www.bbc.co.uk@evil.example/ is evil.example's page.
  parsed.username = '';
  parsed.password = '';
  // Pairs are filtered as raw text so the kept ones stay byte-for-byte as the publisher encoded them.
  const kept = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParam(pair.split('=', 1)[0].replace(/\+/g, ' ')));
  parsed.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return parsed.href;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The longest link an entry may have to be stored: a URL is an index key (of articles), which PostgreSQL limits to
 * about 2,700 bytes; sitemaps stop at 2,048 characters, and no news page needs more.
 */
export const MAX_URL_LENGTH = 2048;
