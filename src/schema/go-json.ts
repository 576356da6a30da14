// Go's encoding/json escapes these even inside strings, so a real audit log never holds a raw
// `<`, `>` or `&`: `bash -i >& /dev/tcp/…` is logged as `bash -i \u003e\u0026 /dev/tcp/…`.
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON.stringify with Go's HTML-safe escaping: the text the API server writes for an event.
 * The characters only ever occur inside strings, so replacing them keeps the JSON valid.
 */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!);
}
