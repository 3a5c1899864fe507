/**
 * pdfkit's built-in fonts (Helvetica) encode text as WinAnsi: Latin-1 plus a few characters
 * such as "–", "—", "•", "€". Anything else would come out as a missing glyph, so it is spelled
 * out in characters WinAnsi has. µ, ±, ×, ·, ° are Latin-1 and stay as they are.
 */

/** Code points above 0xFF that WinAnsi (and so pdfkit's standard fonts) can show. */
const WINANSI_EXTRA = new Set([
  402, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224, 8225, 8226, 8230, 8364, 8240, 8249,
  8250, 710, 8482, 338, 339, 732, 352, 353, 376, 381, 382,
])

const REPLACEMENTS: Record<string, string> = {
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '≈': '~',
  '−': '-',
  '→': '->',
  '←': '<-',
  '↑': '^',
  '↓': 'v',
  '∞': 'inf',
  '✓': 'OK',
  '✔': 'OK',
  '✗': 'X',
  '✘': 'X',
  '⚠': '!',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u00a0': ' ',
  Δ: 'delta ',
  σ: 'sigma',
  λ: 'lambda',
}

export function toWinAnsi(text: string): string {
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (
      (cp >= 0x20 && cp <= 0x7e) ||
      cp === 0x0a ||
      (cp >= 0xa0 && cp <= 0xff && cp !== 0xa0) ||
      WINANSI_EXTRA.has(cp)
    ) {
      out += ch
      continue
    }
    const rep = REPLACEMENTS[ch]
    if (rep !== undefined) {
      out += rep
      continue
    }
    if (cp === 0x09) {
      out += ' '
      continue
    }
    // letters with marks outside Latin-1 (e.g. "ł", "ő") lose their mark rather than vanish
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    out += base !== ch && [...base].every((c) => c.codePointAt(0)! <= 0x7e) ? base : '?'
  }
  return out
}
