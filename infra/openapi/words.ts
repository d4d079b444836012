/**
 * The document's general text: the API's conventions as the README states them, and what each
 * platform refusal code means. Operation-specific words live with each operation's contract.
 */
export const API_DESCRIPTION = `Gancang is the backend through which the Banyuwangi regency government and Go-Jek deliver public services:
**Gancang Aron** (pharmacies hand prescribed medicines to trained Go-Jek drivers who bring them to patients at home),
the **Pesta Kuliner Go-Food** festival (UMKM food businesses sell with co-funded promotions) and the **local taxi
partnership** (licensed taxi companies receive rides through the same dispatch, at their own tariff).

## Conventions

- **Errors.** Every refusal uses one envelope: \`{"error": {"code": "UPPER_SNAKE", "message": "…", "details": [{"path": "patient.nik", "message": "…"}]}}\`.
  400: malformed input or a schema error. 403: your role or your facility does not allow it. 404: not found.
  409: a state conflict, a lost race or a duplicate. 415: the body is not JSON. 422: a domain rule refuses it.
  429: throttled; retry after the \`Retry-After\` header. Each operation lists the codes it can give.
  A missing or invalid token, or a token without the route's scope, is refused by the gateway itself:
  401 \`{"message":"Unauthorized"}\` or 403 \`{"message":"Forbidden"}\`. Bad input never causes a 500 and never a partial write.
- **202 Accepted.** A cancel of an order that dispatch already has is a request: dispatch confirms it (the order becomes
  CANCELLED) or refuses it (\`cancelRefused\`, the delivery goes on). Poll the order to see the outcome.
- **Idempotency.** Any POST may carry an \`Idempotency-Key\` header (1–255 visible ASCII characters). Repeating it with the
  same body replays the first response, refusals about the request included; with a different body it is 422
  \`IDEMPOTENCY_KEY_REUSED\`; while the first is still running it is 409 \`REQUEST_IN_PROGRESS\`. A transient refusal
  (409 \`CONCURRENT_UPDATE\`, 429 \`THROTTLED\`, any 5xx) is not kept: retrying with the same key runs the request again.
  Keys belong to the caller, the method and the path, and are kept for 24 hours.
- **Lists** take \`?limit=\` (1–100, default 20) and \`&cursor=\`, and return \`{"items": [...], "nextCursor": "…" | null}\`.
- **Formats.** Money is integer rupiah, in fields that end in \`Idr\`. Times are ISO-8601 in WIB (\`+07:00\`), days are
  \`YYYY-MM-DD\`; every date and time sent must lie between 2020 and 2100. Free text is trimmed and may hold any script and
  emoji, but no control characters, lone surrogates or noncharacters. Phone numbers are accepted as \`08…\`, \`628…\` or
  \`+628…\` and stored as \`+628…\`. A NIK has 16 digits. A location is \`{lat, lng}\` and must lie in Banyuwangi (else 422
  \`OUTSIDE_SERVICE_AREA\`). A kecamatan is one of the 25; letter case doesn't matter.
- **Roles.** A token's \`gancang/<role>\` scopes (citizen, driver, pharmacy, merchant, taxi_operator, admin) decide which
  operations it may call; the operations then check the caller's relation (their facility, company, merchant, order).`;

/** What the refusals every operation shares mean. */
export const PLATFORM_CODES: Readonly<Record<string, string>> = {
  VALIDATION_FAILED: 'a field is missing or wrong; `details` names it',
  MALFORMED_JSON: 'the body is not valid JSON',
  MISSING_BODY: 'a JSON body is required',
  UNSUPPORTED_MEDIA_TYPE: 'send `Content-Type: application/json`',
  INVALID_IDEMPOTENCY_KEY: 'the key is not 1–255 visible ASCII characters',
  INVALID_CURSOR: 'use `nextCursor` from the previous page',
  CONCURRENT_UPDATE: 'another request changed it first; read it again and retry',
  REQUEST_IN_PROGRESS: 'the first request with this key is still running; retry shortly',
  IDEMPOTENCY_KEY_REUSED: 'this key was used with another body',
  THROTTLED: 'busy; retry after `Retry-After`',
  INTERNAL: 'logged on our side',
};
