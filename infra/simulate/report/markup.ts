/**
 * Text into HTML and SVG. Everything the report shows comes from a stored run, whose scenario text,
 * target names and place names are free text: each goes through `escapeHtml` on its way in, so a
 * `<` in a description is shown, never parsed. The same escaping serves element text and quoted
 * attribute values (both quote kinds are escaped).
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A heading in English with its Indonesian name beside it, marked as Indonesian for screen readers. */
export function bilingual(english: string, indonesian: string): string {
  return `${escapeHtml(english)} <span class="id" lang="id">${escapeHtml(indonesian)}</span>`;
}

/** Whole numbers the English way (4,444), as the report's text is English. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-GB', { maximumFractionDigits: 0 });
}

/**
 * A duration in seconds as people say it: "45 s", "6 min 12 s", "1 h 5 min" (seconds dropped past
 * the hour, where they no longer matter to anyone reading the report).
 */
export function formatDuration(seconds: number): string {
  const whole = Math.round(Math.max(0, seconds));
  if (whole < 60) return `${whole} s`;
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}
