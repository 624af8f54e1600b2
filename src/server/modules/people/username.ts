import type { Queryable } from '../../db/index.ts';
import { takenUsernames } from './queries.ts';

/** Letters that do not fall apart into a base letter and a mark. */
const FOLDS: Record<string, string> = {
  æ: 'ae',
  ø: 'o',
  å: 'a',
  ß: 'ss',
  þ: 'th',
  ð: 'd',
  đ: 'd',
  ł: 'l',
  œ: 'oe',
  ı: 'i',
};

const MAX_LENGTH = 64;
const FALLBACK = 'bruker';

function fold(word: string): string {
  return [...word.toLowerCase()]
    .map((char) => FOLDS[char] ?? char)
    .join('')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9-]/g, '');
}

/**
 * `first.last` from a name, lower-case ASCII (æ→ae, ø→o, å→a, marks dropped), made only
 * of `[a-z0-9._-]` and starting with a letter or digit, as the people table requires.
 */
export function usernameBase(name: string): string {
  const words = name
    .split(/\s+/)
    .map(fold)
    .map((word) => word.replace(/^-+|-+$/g, ''))
    .filter((word) => word.length > 0);
  const first = words[0];
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  let base = [first, last].filter((word) => word !== undefined).join('.');
  base = base.replace(/^[^a-z0-9]+/, '').slice(0, MAX_LENGTH - 4);
  base = base.replace(/[^a-z0-9]+$/, '');
  if (base.length === 0) return FALLBACK;
  if (base.length < 3) return `${base}.${FALLBACK}`;
  return base;
}

/** The first free username: the base, then base2, base3, … */
export async function freeUsername(db: Queryable, name: string): Promise<string> {
  const base = usernameBase(name);
  for (let start = 1; start < 10_000; start += 50) {
    const candidates: string[] = [];
    for (let n = start; n < start + 50; n += 1) candidates.push(n === 1 ? base : `${base}${n}`);
    const taken = await takenUsernames(db, candidates);
    const free = candidates.find((candidate) => !taken.has(candidate));
    if (free) return free;
  }
  throw new Error('no free username');
}
