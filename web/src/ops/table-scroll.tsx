import type { ComponentChildren } from 'preact';

/**
 * A wide table scrolls sideways on a phone. The scroller is a named region that takes the focus,
 * so the keyboard can scroll it as well as a finger can.
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
