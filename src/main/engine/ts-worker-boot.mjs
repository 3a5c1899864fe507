// Source mode only (tests, tsx): Node 20 does not apply `--import tsx` inside worker threads,
// so the worker starts here and loads its TypeScript entry through tsx's API.
import { tsImport } from 'tsx/esm/api'

await tsImport(process.argv[2], import.meta.url)
