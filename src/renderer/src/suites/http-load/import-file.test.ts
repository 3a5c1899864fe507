import { describe, expect, it } from 'vitest'
import { slimImportText } from './import-file'

describe('slimImportText', () => {
  it('leaves out HAR response bodies and nothing else', () => {
    const har = {
      log: {
        entries: [
          {
            request: { method: 'POST', url: 'https://a.test/x', postData: { text: '{"a":1}' } },
            response: { content: { mimeType: 'application/json', text: 'x'.repeat(10_000) } },
          },
        ],
      },
    }
    const slim = JSON.parse(slimImportText(JSON.stringify(har))) as typeof har
    expect(slim.log.entries[0]!.response.content).toEqual({ mimeType: 'application/json' })
    expect(slim.log.entries[0]!.request.postData.text).toBe('{"a":1}')
  })

  it('passes other files through as they are', () => {
    for (const text of ['curl http://a.test/', 'openapi: 3.0.0\n', '{"info": {}, "item": []}'])
      expect(slimImportText(text)).toBe(text)
  })
})
