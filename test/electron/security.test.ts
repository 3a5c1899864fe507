import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  isPermissionAllowed,
  isRendererUrl,
  isSafeExternalUrl,
  isTrustedSender,
  rendererFileFor,
  withContentSecurityPolicy,
} from '../../src/main/electron/security'

const rendererDir = join(mkdtempSync(join(tmpdir(), 'pd-sec-')), 'out', 'renderer')
const origin = { rendererDir }
const index = 'app://perfdesk/index.html'
const fileIndex = pathToFileURL(join(rendererDir, 'index.html')).href

describe('the sender check', () => {
  it('accepts our renderer, with or without a hash route', () => {
    expect(isTrustedSender({ url: index, isMainFrame: true }, origin)).toBe(true)
    expect(isTrustedSender({ url: `${index}#/runs/abc`, isMainFrame: true }, origin)).toBe(true)
    expect(isRendererUrl('app://perfdesk/assets/x.html', origin)).toBe(true)
    expect(rendererFileFor('app://perfdesk/', rendererDir)).toBe(join(rendererDir, 'index.html'))
    expect(rendererFileFor('app://perfdesk/assets/a.js', rendererDir)).toBe(
      join(rendererDir, 'assets', 'a.js'),
    )
  })

  it('refuses iframes, closed frames and other pages', () => {
    expect(isTrustedSender({ url: index, isMainFrame: false }, origin)).toBe(false)
    expect(isTrustedSender(null, origin)).toBe(false)
    const others = [
      // file:// is not the renderer any more, not even its own index.html
      fileIndex,
      'app://evil/index.html',
      'app://perfdesk:8080/index.html',
      'app://user:pw@perfdesk/index.html',
      'app://perfdesk/..%2f..%2fsecret.html',
      'app://perfdesk/a%5c..%5c..%5cb',
      'app://perfdesk/%00.html',
      'appx://perfdesk/index.html',
      pathToFileURL(join(rendererDir, '..', 'renderer-evil', 'index.html')).href,
      pathToFileURL(join(rendererDir, '..', 'main', 'index.js')).href,
      `${pathToFileURL(rendererDir).href}/../../secret.html`,
      pathToFileURL(rendererDir).href,
      'file:///etc/passwd',
      'file://evil.example/' + join(rendererDir, 'index.html'),
      'https://example.com/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      'not a url',
      '',
    ]
    for (const url of others)
      expect(isTrustedSender({ url, isMainFrame: true }, origin), url).toBe(false)
  })

  it('accepts the dev server only when one is configured, by exact origin', () => {
    const dev = { rendererDir, devServerUrl: 'http://localhost:5173' }
    expect(isTrustedSender({ url: 'http://localhost:5173/#/plans', isMainFrame: true }, dev)).toBe(
      true,
    )
    expect(isTrustedSender({ url: 'http://localhost:5174/', isMainFrame: true }, dev)).toBe(false)
    expect(
      isTrustedSender({ url: 'http://localhost.evil.com:5173/', isMainFrame: true }, dev),
    ).toBe(false)
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, origin)).toBe(
      false,
    )
  })
})

describe('external links', () => {
  it('opens only plain http(s) links', () => {
    expect(isSafeExternalUrl('https://k6.io/docs')).toBe(true)
    expect(isSafeExternalUrl('http://127.0.0.1:8080/health')).toBe(true)
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'https://user:pw@example.com/',
      'https://',
      'nonsense',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false)
    }
  })
})

describe('the content security policy', () => {
  it('is strict', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name, values.join(' ')] as const
      }),
    )
    expect(directives.get('default-src')).toBe("'self'")
    expect(directives.get('script-src')).toBe("'self'")
    expect(directives.get('object-src')).toBe("'none'")
    expect(directives.get('base-uri')).toBe("'none'")
    expect(directives.get('frame-ancestors')).toBe("'none'")
    expect(directives.get('connect-src')).toBe("'self' ws://127.0.0.1:*")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/)
    expect(directives.get('script-src')).not.toMatch(/unsafe-inline/)
  })

  it('replaces any CSP header on app:// loads and leaves other loads alone', () => {
    const out = withContentSecurityPolicy(index, {
      'content-security-policy': ['default-src *'],
      'X-A': ['1'],
    })
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(out['content-security-policy']).toBeUndefined()
    expect(out['X-A']).toEqual(['1'])
    expect(withContentSecurityPolicy(index, undefined)['Content-Security-Policy']).toEqual([
      CONTENT_SECURITY_POLICY,
    ])
    const web = withContentSecurityPolicy('https://example.com/', { 'X-A': ['1'] })
    expect(web).toEqual({ 'X-A': ['1'] })
  })
})

describe('permissions', () => {
  it('grants only clipboard writes, and only to our renderer', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', index, origin)).toBe(true)
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', origin)).toBe(
      false,
    )
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      expect(isPermissionAllowed(p, index, origin), p).toBe(false)
    }
  })
})
