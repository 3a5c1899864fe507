import { describe, expect, it } from 'vitest'
import { importFixture } from './fixture'
import { detectFormat } from './detect'

describe('format detection by content', () => {
  it('tells the formats apart whatever the file is called', () => {
    const cases: [string, string][] = [
      ['shop.chromium.har', 'har'],
      ['petstore.openapi.yaml', 'openapi'],
      ['inventory.openapi.json', 'openapi'],
      ['orders.postman_collection.json', 'postman'],
      ['api.curl.sh', 'curl'],
    ]
    for (const [file, format] of cases)
      expect(detectFormat(importFixture(file), 'upload.txt').format).toBe(format)
  })

  it('names the file and what was expected for anything else', () => {
    expect(() => detectFormat('{"name": "not a plan"}', 'x.json')).toThrow(
      /^x\.json: a JSON file, but not one PerfDesk imports; expected a HAR export .*OpenAPI 3.*Postman collection v2\.1.*curl/,
    )
    expect(() => detectFormat('hello: world\n', 'notes.yaml')).toThrow(
      /^notes\.yaml: not a file PerfDesk imports; expected/,
    )
    expect(() => detectFormat('{"log": ', 'cut.har')).toThrow(/^cut\.har: not valid JSON/)
  })
})
