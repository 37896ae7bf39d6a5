const HTML_SPECIAL = /[&<>"'`]/;
const HTML_SPECIAL_GLOBAL = /[&<>"'`]/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/**
 * Escapes text for HTML element content and quoted attribute values:
 * `&`, `<`, `>`, `"`, `'` and the backtick become character references.
 * Text without any of them is returned unchanged (same string, no copy).
 *
 * @example
 * escapeHtml(`<a title="x">Tom & 'Jerry'</a>`);
 * // → "&lt;a title=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
 */
export function escapeHtml(text: string): string {
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(HTML_SPECIAL_GLOBAL, (ch) => HTML_ENTITIES[ch] ?? ch);
}
