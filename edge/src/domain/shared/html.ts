/** `&<>"'` escaped, for HTML text and attribute values: every generated page and document uses it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `url` when it parses (WHATWG `URL`) as an absolute https URL, else `undefined`. */
export function httpsUrl(url: string): string | undefined {
  try {
    return new URL(url).protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}
