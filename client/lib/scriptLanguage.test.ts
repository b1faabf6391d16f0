import { describe, expect, it } from 'vitest';
import { scriptLanguage } from './scriptLanguage.ts';

describe('the language of what people wrote', () => {
  it('[LANG10] is told by its script where the script tells it, and left to the page otherwise', () => {
    expect(scriptLanguage('পার্কে আরও আলো চাই')).toBe('bn');
    expect(scriptLanguage('نريد حديقة أكبر للأطفال')).toBe('ar');
    expect(scriptLanguage('بچوں کے لیے بڑا پارک چاہیے')).toBe('ur');
    // Latin script could be English, Somali or Polish: the page's language stands.
    expect(scriptLanguage('More benches by the canal')).toBeUndefined();
    expect(scriptLanguage('Więcej ławek przy kanale')).toBeUndefined();
    // Mostly English with one Bengali word is English.
    expect(scriptLanguage('We need a better পার্ক near the school')).toBeUndefined();
    expect(scriptLanguage('123 !!')).toBeUndefined();
  });
});
