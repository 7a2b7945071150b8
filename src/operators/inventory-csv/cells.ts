// Cells that a spreadsheet opens safely.

/**
 * Text that a spreadsheet shows as text: a leading `=`, `+`, `-`, `@`, tab or carriage return would make Excel run it
 * as a formula, so such text gets a leading apostrophe (which Excel hides).
 * @example spreadsheetSafe('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
