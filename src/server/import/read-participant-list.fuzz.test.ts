import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../core/index.ts';
import { closeImportWorker, readParticipantList } from './index.ts';

const CASES = 200;
// 200 reads through the worker; on a busy 2-core machine that can take a minute.
const FUZZ_TEST_TIMEOUT_MS = 180_000;
/** Far above any case here; a read that needs it is a hang, and fails the invariant below. */
const CASE_TIMEOUT_MS = 15_000;

const FIXTURES = new URL('./fixtures/', import.meta.url);
const workbooks = ['basic.xlsx', 'lo-basic.xls', 'lo-basic.ods', 'lo-errors.xlsx'].map((name) =>
  Uint8Array.from(readFileSync(new URL(name, FIXTURES))),
);

afterAll(async () => {
  await closeImportWorker();
});

async function readAndCheck(bytes: Uint8Array): Promise<ValidationReport> {
  const report = await readParticipantList(bytes, {
    fileName: 'fuzz',
    includeAccepted: true,
    timeoutMs: CASE_TIMEOUT_MS,
  });
  expect(report.fileError?.message ?? '').not.toContain('took longer');
  expect(typeof report.ok).toBe('boolean');
  if (report.fileError) {
    expect(report).toMatchObject({ ok: false, rows: 0, entries: 0, errors: [] });
  } else {
    expect(report.ok).toBe(report.errors.length === 0);
    expect(report.entries).toBeLessThanOrEqual(report.rows);
    expect(report.accepted).toHaveLength(report.entries);
    for (const error of report.errors) expect(error.row).toBeGreaterThan(report.file.headerRow ?? 0);
  }
  return report;
}

type Damage =
  { kind: 'overwrite' | 'insert'; at: number; bytes: Uint8Array } | { kind: 'truncate'; at: number };

/** A damage to a file: bytes overwritten, a cut, or bytes inserted. */
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
);

function applyDamage(original: Uint8Array, damages: readonly Damage[]): Uint8Array {
  let bytes = original.slice();
  for (const item of damages) {
    const at = item.at % Math.max(bytes.length, 1);
    if (item.kind === 'truncate') bytes = bytes.slice(0, at);
    else if (item.kind === 'overwrite') bytes.set(item.bytes.subarray(0, bytes.length - at), at);
    else {
      const longer = new Uint8Array(bytes.length + item.bytes.length);
      longer.set(bytes.subarray(0, at));
      longer.set(item.bytes, at);
      longer.set(bytes.subarray(at), at + item.bytes.length);
      bytes = longer;
    }
  }
  return bytes;
}

const csvPiece = fc.oneof(
  fc.constantFrom(
    'ticket',
    'name',
    'weight',
    'Ticket No',
    'Full name',
    ',',
    ';',
    '\t',
    '"',
    '""',
    '\n',
    '\r\n',
    '\r',
    ' ',
  ),
  fc.constantFrom('0', '-1', '1.5', '1,5', 'abc', 'A-1', ' a-1 ', '\u0000', '\ufeff', '\u{1F600}', 'e\u0301'),
  fc.string({ maxLength: 8 }),
);

describe('readParticipantList on hostile input', () => {
  it('answers random bytes with a report', { timeout: FUZZ_TEST_TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        await readAndCheck(bytes);
      }),
      { numRuns: CASES },
    );
  });

  it(
    'answers damaged workbooks (xlsx, xls, ods) with a report',
    { timeout: FUZZ_TEST_TIMEOUT_MS },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: workbooks.length - 1 }),
          fc.array(damage, { minLength: 1, maxLength: 4 }),
          async (index, damages) => {
            await readAndCheck(applyDamage(workbooks[index] as Uint8Array, damages));
          },
        ),
        { numRuns: CASES },
      );
    },
  );

  it(
    'numbers CSV rows by the line they start on, whatever line breaks the quoted fields hold',
    { timeout: FUZZ_TEST_TIMEOUT_MS },
    async () => {
      const name = fc.array(fc.constantFrom('a', 'b', ' ', ',', '\n', '\r\n', '""'), {
        minLength: 1,
        maxLength: 6,
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(name, { minLength: 1, maxLength: 30 }),
          fc.constantFrom('\n', '\r\n'),
          async (names, lineBreak) => {
            let line = 2;
            const expectedRows: number[] = [];
            const lines = names.map((pieces, index) => {
              expectedRows.push(line);
              const text = `N${pieces.join('')}`;
              line += 1 + (text.match(/\n/g)?.length ?? 0);
              return `T${index},"${text}"`;
            });
            const report = await readAndCheck(
              new TextEncoder().encode(['ticket,name', ...lines].join(lineBreak)),
            );
            expect(report.accepted?.map((entry) => entry.row)).toEqual(expectedRows);
          },
        ),
        { numRuns: CASES },
      );
    },
  );

  it('answers random CSV text with a consistent report', { timeout: FUZZ_TEST_TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(csvPiece, { maxLength: 200 }), async (pieces) => {
        await readAndCheck(new TextEncoder().encode(pieces.join('')));
      }),
      { numRuns: CASES },
    );
  });
});
