import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { SEEDED_IMAGES } from '../../src/sandbox/seeded-images.js';
import { fakeIo } from '../support/fake-io.js';

describe('ecrscan demo', () => {
  it('explains every seeded image and each gets its expected code', async () => {
    const { io, stdout } = fakeIo({});
    const status = await main(['demo'], io);
    const text = stdout();
    expect(text).toContain(`${SEEDED_IMAGES.length} of ${SEEDED_IMAGES.length} seeded problems diagnosed as expected.`);
    for (const image of SEEDED_IMAGES) {
      const summary = text.slice(text.indexOf('Summary: seeded problem'));
      const row = summary.split('\n').find((line) => line.split(/\s+/)[2] === image.id);
      expect(row, image.id).toBeDefined();
      expect(row).toContain('✓');
      for (const code of image.expectedCodes) expect(row).toContain(code);
    }
    expect(status).toBe(0);
  }, 60_000);

  it('--json lists every seeded image with its diagnoses', async () => {
    const { io, stdout } = fakeIo({});
    expect(await main(['demo', '--json'], io)).toBe(0);
    const json = JSON.parse(stdout());
    expect(json.missing).toEqual([]);
    expect(json.images).toHaveLength(SEEDED_IMAGES.length);
    const expired = json.images.find((i: { seeded: string }) => i.seeded === 'expired');
    expect(expired.diagnoses[0].code).toBe('SCAN_ELIGIBILITY_EXPIRED');
  }, 60_000);
});
