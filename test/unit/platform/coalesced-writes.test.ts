import { describe, expect, it } from 'vitest';
import { CoalescedWrites } from '#platform/coalesced-writes';

/** A write that records its calls and finishes when told to. */
function gatedWrites(failing: (item: string) => boolean = () => false) {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  const writes = new CoalescedWrites<string>(3, async (items) => {
    calls.push([...items]);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((item) => (failing(item) ? new Error(`${item} refused`) : undefined));
  });
  const openNext = async () => {
    while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    gates.shift()!();
  };
  return { writes, calls, openNext };
}

describe('writes of concurrent callers go together', () => {
  it('writes a lone item at once, in a call of its own', async () => {
    const { writes, calls, openNext } = gatedWrites();
    const done = writes.add('a');
    expect(calls).toEqual([['a']]);
    await openNext();
    await expect(done).resolves.toBeUndefined();
  });

  it('holds what comes during a write for the next call, at most the limit a call', async () => {
    const { writes, calls, openNext } = gatedWrites();
    const all = ['a', 'b', 'c', 'd', 'e'].map((item) => writes.add(item));
    expect(calls).toEqual([['a']]);
    await openNext();
    await openNext();
    await openNext();
    await Promise.all(all);
    expect(calls).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('fails only the callers whose items failed; a write that throws fails its whole call', async () => {
    const { writes, openNext } = gatedWrites((item) => item === 'c');
    const first = writes.add('a');
    const [b, c] = [writes.add('b'), writes.add('c')];
    await openNext();
    await openNext();
    await expect(first).resolves.toBeUndefined();
    await expect(b).resolves.toBeUndefined();
    await expect(c).rejects.toThrow('c refused');

    const throwing = new CoalescedWrites<string>(5, async () => {
      throw new Error('down');
    });
    await expect(Promise.all([throwing.add('x'), throwing.add('y')])).rejects.toThrow('down');
    await expect(throwing.add('z')).rejects.toThrow('down'); // and the next call is still made
  });
});
