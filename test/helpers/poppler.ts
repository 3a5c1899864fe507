import { execFileSync } from 'node:child_process'

/** Whether poppler-utils (pdftotext, pdftoppm) is installed: the PDF text tests need it. */
export const hasPoppler = ((): boolean => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
