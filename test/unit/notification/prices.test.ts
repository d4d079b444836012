import { describe, expect, it } from 'vitest';
import { PRICES, PRICES_AS_OF, rupiah, smsParts } from '../../../shared/notification/domain/prices.ts';

describe('notification prices', () => {
  it('dates the table and names a source for every paid class', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const price of [PRICES.WHATSAPP_UTILITY, PRICES.SMS_ID]) {
      expect(price.usd).toBeGreaterThan(0);
      expect(price.source).toMatch(/\w+\.(com|org)/);
    }
  });

  it('prices a WhatsApp template at Meta\'s and AWS\'s fee together, in rupiah', () => {
    expect(rupiah('WHATSAPP_UTILITY', 3)).toBe(Math.round(0.025 * 16_500 * 3));
    expect(rupiah('LOCAL', 10)).toBe(0);
  });

  it('bills an SMS by its parts: 160 GSM characters in one, 153 a part beyond', () => {
    expect(smsParts('Gancang Aron: paket dari RSUD Blambangan sudah diterima. Terima kasih.')).toBe(1);
    expect(smsParts('a'.repeat(160))).toBe(1);
    expect(smsParts('a'.repeat(161))).toBe(2);
    expect(smsParts('a'.repeat(306))).toBe(2);
    expect(smsParts('a'.repeat(307))).toBe(3);
    // The extension table's characters count twice.
    expect(smsParts('[' + 'a'.repeat(159))).toBe(2);
  });

  it('bills a text with a character outside GSM as UCS-2: 70 in one part, 67 a part beyond', () => {
    expect(smsParts('Terima kasih 🙏')).toBe(1);
    expect(smsParts('…' + 'a'.repeat(69))).toBe(1);
    expect(smsParts('…' + 'a'.repeat(70))).toBe(2);
  });
});
