// The public form of a name (settings.publicNames): examples per script, and properties over
// random names — a masked name never shows a later word, a CJK name keeps only its ends, an email
// or a phone number keeps its length and only its ends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bodyWithFullNames,
  drawsNamedNow,
  maskName,
  publicNameNow,
  publicNameOf,
  PUBLIC_NAMES_POLICIES,
} from './public-names.ts';

describe('maskName', () => {
  it.each([
    ['Ana Lima', 'Ana L.'],
    ['  Ana   Maria Lima ', 'Ana M. L.'],
    ['Ana', 'Ana'],
    ['Łukasz Żółw', 'Łukasz Ż.'],
    ['Анна Иванова', 'Анна И.'],
    ['محمد علي', 'محمد ع.'],
    ['张三丰', '张*丰'],
    ['张三', '张*'],
    ['张', '*'],
    ['김민준', '김*준'],
    ['やまだ たろう', 'や*だ た.'],
    ['ana.lima@example.org', 'a******a@e******.org'],
    ['+44 7700 900123', '+44 **** ****23'],
    ['', ''],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('keeps a letter made of several code points whole (a grapheme)', () => {
    expect(maskName('Ana E\u0301lise')).toBe('Ana E\u0301.');
  });

  const word = fc.stringMatching(/^[A-Za-zÀ-ÿ]{2,12}$/);
  it('never shows a later word of a spaced name', () => {
    fc.assert(
      fc.property(word, fc.array(word, { minLength: 1, maxLength: 4 }), (first, rest) => {
        const masked = maskName([first, ...rest].join(' '));
        expect(masked.split(' ')[0]).toBe(first);
        for (const later of rest) expect(masked.split(' ').slice(1)).not.toContain(later);
        expect(
          masked
            .split(' ')
            .slice(1)
            .every((part) => part.endsWith('.') && [...part].length === 2),
        ).toBe(true);
      }),
    );
  });

  it('keeps only the first and last character of a CJK name', () => {
    const han = fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code));
    fc.assert(
      fc.property(fc.array(han, { minLength: 3, maxLength: 8 }), (characters) => {
        const masked = [...maskName(characters.join(''))];
        expect(masked).toHaveLength(characters.length);
        expect(masked[0]).toBe(characters[0]);
        expect(masked.at(-1)).toBe(characters.at(-1));
        expect(masked.slice(1, -1).every((character) => character === '*')).toBe(true);
      }),
    );
  });

  it('stars the middle of an email and of a phone number, keeping their length', () => {
    const local = fc.stringMatching(/^[a-z0-9._]{3,20}$/);
    const domain = fc.stringMatching(/^[a-z]{2,12}\.[a-z]{2,4}$/);
    fc.assert(
      fc.property(local, domain, (user, host) => {
        const email = `${user}@${host}`;
        const masked = maskName(email);
        expect(masked).toHaveLength(email.length);
        expect(masked.slice(0, masked.indexOf('@'))).not.toContain(user);
        expect(masked.endsWith(host.slice(host.lastIndexOf('.')))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9]{6,15}$/), (phone) => {
        const masked = maskName(phone);
        const digits = phone.replace(/\D/g, '');
        expect(masked).toHaveLength(phone.length);
        expect(masked.replace(/[^0-9]/g, '')).toBe(digits.slice(0, 2) + digits.slice(-2));
      }),
    );
  });

  it('is deterministic: one name, one public form on every surface', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(maskName(name)).toBe(maskName(name));
      }),
    );
  });
});

describe('publicNameOf', () => {
  const entry = { ticket: 'T-7', name: 'Ana Lima', label: 'Lucky Ana' };
  it('answers each policy', () => {
    expect(PUBLIC_NAMES_POLICIES.map((policy) => publicNameOf(entry, policy))).toEqual([
      'Ana Lima',
      'Ana L.',
      'T-7',
      'Lucky Ana',
    ]);
  });
  it('shows the ticket for a row without a label', () => {
    expect(publicNameOf({ ticket: 'T-8', name: 'Bruno Souza', label: '  ' }, 'label')).toBe('T-8');
    expect(publicNameOf({ ticket: 'T-8', name: 'Bruno Souza' }, 'label')).toBe('T-8');
  });
});

describe('bodyWithFullNames', () => {
  it('puts the full names back index for index and refuses a list of another length', () => {
    const body = { entries: [{ ticket: '1', name: 'Ana L.', weight: 1 }] };
    expect(bodyWithFullNames(body, ['Ana Lima'])).toEqual({
      entries: [{ ticket: '1', name: 'Ana Lima', weight: 1 }],
    });
    expect(() => bodyWithFullNames(body, [])).toThrow(/0 full names for 1 entries/);
  });
});

describe('publicNameNow (a recorded draw under the policy in force)', () => {
  const recorded = { ticket: 'T-7', name: 'Ana Lima' };
  it('hides more when the policy became stricter after the draw', () => {
    expect(publicNameNow(recorded, 'masked')).toBe('Ana L.');
    expect(publicNameNow({ ticket: 'T-7', name: 'Ana L.' }, 'masked')).toBe('Ana L.');
    expect(publicNameNow(recorded, 'ticket')).toBe('T-7');
  });
  it('keeps the recorded public name under full and label (nothing public holds more)', () => {
    expect(publicNameNow(recorded, 'full')).toBe('Ana Lima');
    expect(publicNameNow({ ticket: 'T-7', name: 'Lucky Ana' }, 'label')).toBe('Lucky Ana');
  });
});

describe('drawsNamedNow (the results and verify pages over recorded draws)', () => {
  const draws = [
    { seq: 1, ticket: 'T-1', name: 'Ana Lima' },
    { seq: 2, ticket: 'T-2', name: 'Bo Chen' },
  ];
  it('masks draws recorded under full when the latest list is masked, and keeps every other field', () => {
    expect(drawsNamedNow(draws, { publicNames: 'masked' })).toEqual([
      { seq: 1, ticket: 'T-1', name: 'Ana L.' },
      { seq: 2, ticket: 'T-2', name: 'Bo C.' },
    ]);
    expect(drawsNamedNow(draws, { publicNames: 'ticket' }).map((draw) => draw.name)).toEqual(['T-1', 'T-2']);
  });
  it('leaves them as recorded under full, label, or no settings', () => {
    expect(drawsNamedNow(draws, {})).toEqual(draws);
    expect(drawsNamedNow(draws, { publicNames: 'label' })).toEqual(draws);
    expect(drawsNamedNow(draws, null)).toEqual(draws);
  });
});
