/** The app's tones of the one palette (src/shared/palette.ts). */
export { SCREEN_PALETTE as PALETTE } from '@shared/palette'
