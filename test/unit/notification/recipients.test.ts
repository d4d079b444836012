import { describe, expect, it } from 'vitest';
import { e164, isOptIn, isOptOut, maskPhone, rateWindow } from '#notification/domain/recipients';
import { recordReply } from '#notification/application/replies';

describe('who opts out', () => {
  it('is whoever replies STOP or BERHENTI, in any case, with punctuation or spaces around', () => {
    for (const text of ['STOP', 'stop', ' Stop. ', 'BERHENTI', 'berhenti!', 'ＳＴＯＰ']) expect(isOptOut(text), text).toBe(true);
  });

  it('is not whoever writes something else, even a sentence holding the word', () => {
    for (const text of ['', 'terima kasih', 'stop sebentar ya', 'STOPP', 'jangan berhenti dulu']) expect(isOptOut(text), text).toBe(false);
  });

  it('is recorded for the phone the reply came from, in the form orders store it', async () => {
    const opted: string[] = [];
    const ledger = { optOut: async (phone: string) => void opted.push(phone) } as never;
    expect(await recordReply({ ledger }, { from: '6281234500001', text: 'Berhenti', at: new Date() })).toBe('OPTED_OUT');
    expect(await recordReply({ ledger }, { from: '+6281234500002', text: 'ok', at: new Date() })).toBe('IGNORED');
    expect(opted).toEqual(['+6281234500001']);
  });

  it('opts back in whoever replies START or MULAI, and nothing else does', async () => {
    for (const text of ['START', 'start', 'Mulai!', ' MULAI ']) expect(isOptIn(text), text).toBe(true);
    for (const text of ['mulai lagi besok', 'STOP', 'ok']) expect(isOptIn(text), text).toBe(false);
    const chosen: string[] = [];
    const ledger = { optIn: async (phone: string) => void chosen.push(phone) } as never;
    expect(await recordReply({ ledger }, { from: '081234500003', text: 'mulai', at: new Date() })).toBe('OPTED_IN');
    expect(chosen).toEqual(['+6281234500003']);
  });
});

describe('phones', () => {
  it('come to E.164 from the forms channels give', () => {
    expect([e164('6281234500001'), e164('+6281234500001'), e164('081234500001')]).toEqual(['+6281234500001', '+6281234500001', '+6281234500001']);
  });

  it('show in log lines with the country code and the last three digits only', () => {
    expect(maskPhone('+6281234500077')).toBe('+62********077');
  });
});

describe('the rate window', () => {
  it('is the clock hour', () => {
    expect(rateWindow(new Date('2026-11-30T03:59:59Z'))).toBe('2026-11-30T03');
    expect(rateWindow(new Date('2026-11-30T04:00:00Z'))).toBe('2026-11-30T04');
  });
});
