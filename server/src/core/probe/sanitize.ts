/** Text that came from the peer (close reasons, API action names, post_type, frames) made safe for a terminal. */

/** Largest frame the probe and the capture accept (ws's own default is 100 MiB). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** API calls recorded per session; the rest are only counted. */
export const MAX_API_CALLS = 50;

/**
 * Escapes C0/C1 control characters (ESC sequences, CR, bell…), DEL and the Unicode line/paragraph separators and
 * bidi overrides as `\u001b`-style text, and cuts the result to `max` characters.
 */
export function printable(s: string, max = 200): string {
  const escaped = s.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

/** True when a value cannot be sent in an HTTP header at all (Node refuses CR, LF, NUL and other controls). */
export function invalidHeaderValue(s: string): boolean {
  return /[^\t\u0020-\u007e\u0080-\u00ff]/.test(s);
}
