import { BadInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Relay pagination arguments as the client sent them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Which end of the ordered list a page is taken from, and how many rows. */
export interface PageWindow {
  /** 'forward' takes the newest rows after `after`; 'backward' the oldest rows before `before`. */
  direction: 'forward' | 'backward';
  size: number;
}

function checkSize(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new BadInputError(`\`${name}\` must be an integer from 1 to ${MAX_PAGE_SIZE}; got ${value}.`);
  }
  return value;
}

/** Validates first/last and picks the page direction: `first` (default 20) pages forward, `last` backward. */
export function pageWindow(args: PageArgs): PageWindow {
  const hasFirst = args.first !== undefined && args.first !== null;
  const hasLast = args.last !== undefined && args.last !== null;
  if (hasFirst && hasLast) {
    throw new BadInputError('Pass either `first` (with `after`) or `last` (with `before`), not both.');
  }
  if (hasLast) return { direction: 'backward', size: checkSize('last', args.last as number) };
  if (hasFirst) return { direction: 'forward', size: checkSize('first', args.first as number) };
  if (args.before != null && args.after == null) return { direction: 'backward', size: DEFAULT_PAGE_SIZE };
  return { direction: 'forward', size: DEFAULT_PAGE_SIZE };
}
