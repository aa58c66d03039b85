/**
 * Resolves `href` against `base` (itself absolute) and returns it only if the result is an http(s) URL:
 * feeds carry `javascript:`, `mailto:` and broken links, none of which names an article or image.
 */
export function absoluteHttpUrl(href: string | null | undefined, base?: string | null): string | null {
  const text = href?.trim();
  if (!text) return null;
  try {
    const url = new URL(text, base ?? undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
