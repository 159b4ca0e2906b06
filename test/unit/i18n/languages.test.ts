/** A browser's own language, for the pairing screen before the café has said its own. */
import { describe, expect, it } from 'vitest';
import { intlLocale, spokenOf } from '../../../src/shared/i18n/languages';

describe('spokenOf', () => {
  it('takes the first preferred language the app speaks, by its base tag', () => {
    expect(spokenOf(['id-ID', 'en-US'])).toBe('id');
    expect(spokenOf(['ja-JP', 'fil-PH', 'en'])).toBe('fil');
    expect(spokenOf(['en-PH', 'fil'])).toBe('en');
  });

  it('says Tagalog in Filipino and reads Indonesian’s old code', () => {
    expect(spokenOf(['tl'])).toBe('fil');
    expect(spokenOf(['in_ID'])).toBe('id');
  });

  it('is null when it speaks none of them', () => {
    expect(spokenOf(['ja-JP', 'zh-Hans'])).toBeNull();
    expect(spokenOf([])).toBeNull();
  });
});

describe('intlLocale', () => {
  it('Filipino and Indonesian in their own locales; English in the café’s, or its country’s English', () => {
    expect(intlLocale('fil', 'en-PH')).toBe('fil-PH');
    expect(intlLocale('id', 'en-PH')).toBe('id-ID');
    expect(intlLocale('en', 'en-US')).toBe('en-US');
    // An English-speaking till in Indonesia writes the day first, as Indonesia does.
    expect(intlLocale('en', 'id-ID')).toBe('en-ID');
    expect(new Date(Date.UTC(2026, 11, 5, 12)).toLocaleDateString(intlLocale('en', 'id-ID'), { timeZone: 'UTC' })).toBe('05/12/2026');
    expect(intlLocale('en', 'id')).toBe('en-PH');
  });
});
