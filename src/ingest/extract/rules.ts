/**
 * The extraction's rules by name. Extraction runs them all; the benchmark switches them off one at a time to
 * measure, by cross-validation, what each one adds (npm run bench:extraction -- --cv).
 */
export const EXTRACTION_RULES = [
  // Chrome the markup declares, removed before readability looks (chrome.ts).
  'chrome-tags',
  'chrome-roles',
  'chrome-class-names',
  // Boilerplate inside readability's pick, recognised by its text (boilerplate.ts).
  'labels',
  'related-leads',
  'shouted-links',
  'site-lines',
  'captions',
  'bylines',
  'section-label',
  'timestamps',
  'link-clusters',
  'link-runs',
  // A complete JSON-LD articleBody checking readability's pick (body.ts).
  'json-ld-fallback',
  'json-ld-prune',
] as const;

/** One extraction rule. */
export type ExtractionRule = (typeof EXTRACTION_RULES)[number];

/** The rules an extraction runs. */
export type ExtractionRules = ReadonlySet<ExtractionRule>;

/** Every rule: what extraction runs. */
export const ALL_RULES: ExtractionRules = new Set(EXTRACTION_RULES);
