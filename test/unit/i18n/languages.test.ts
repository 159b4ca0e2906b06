/** A browser's own language, for the pairing screen before the café has said its own. */
import { describe, expect, it } from 'vitest';
import { spokenOf } from '../../../src/shared/i18n/languages';

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
