import { describe, expect, it } from 'vitest';
import { fieldCheckCodes } from '../../shared/protocol/fieldIssues.ts';
import { checkKey } from '../lib/checkKey.ts';
import en from './en.json';
import staffEn from './staff.en.json';

type Tree = { [key: string]: string | Tree };
const english: Tree = { ...(staffEn as Tree), ...(en as Tree) };

function has(tree: Tree, key: string): boolean {
  const [head, ...rest] = key.split('.');
  const next = tree[head!];
  if (rest.length === 0)
    return typeof next === 'string' || ['one', 'other'].every((f) => `${head}_${f}` in tree);
  return typeof next === 'object' && has(next, rest.join('.'));
}

describe('field checks', () => {
  it('[LANG3] every code a refused field can carry has a sentence in the catalogues', () => {
    // Other languages follow English key for key (catalogues.test.ts).
    const missing = fieldCheckCodes.filter((code) => !has(english, checkKey(code)));
    expect(missing).toEqual([]);
  });
});
