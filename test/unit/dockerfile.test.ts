import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * docker/Dockerfile (the CLI image `perfdesk k8s` runs) checked without docker: what it copies
 * exists, the build context leaves out the host's node_modules and out/, its entry point is the
 * package's `perfdesk` bin, and the built CLI needs nothing but the production dependencies the
 * image keeps (`npm prune --omit=dev`). Building and running the image itself needs docker.
 */

const root = fileURLToPath(new URL('../../', import.meta.url))
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>
  dependencies: Record<string, string>
  engines: { node: string }
}

/** The Dockerfile's instructions, comments dropped and continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
const stages = instructions.filter((l) => l.startsWith('FROM '))
const copies = instructions
  .filter((l) => l.startsWith('COPY '))
  .map((l) => {
    const words = l.split(/\s+/).slice(1)
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length)
    const paths = words.filter((w) => !w.startsWith('--'))
    return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1]! }
  })
const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean)

const PACKAGE = /^(@[a-z0-9~-][\w.~-]*\/)?[a-z0-9~-][\w.~-]*(\/[\w./~-]*)?$/

describe('docker/Dockerfile', () => {
  it('copies from the build context only files that exist and are not ignored', () => {
    const fromContext = copies.filter((c) => !c.from)
    expect(fromContext.length).toBeGreaterThan(0)
    for (const c of fromContext) {
      for (const src of c.sources) {
        expect(existsSync(join(root, src)), `COPY ${src}`).toBe(true)
        expect(ignored, `COPY ${src} is in .dockerignore`).not.toContain(src)
      }
    }
    // `COPY . .` must not bring the host's node_modules (native builds) or a stale out/
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'out']))
  })

  it('the runtime stage copies what the build stage has: the repo, its build and node_modules', () => {
    const build = stages[0]!.match(/ AS (\S+)$/i)?.[1]
    expect(build).toBeTruthy()
    const workdir = instructions.find((l) => l.startsWith('WORKDIR '))!.split(/\s+/)[1]!
    const runs = instructions.filter((l) => l.startsWith('RUN ')).join('\n')
    expect(runs).toMatch(/npm ci\b/)
    expect(runs).toMatch(/electron-vite build/)
    expect(runs).toMatch(/npm prune --omit=dev/)
    const fromBuild = copies.filter((c) => c.from === build)
    expect(fromBuild.length).toBeGreaterThan(0)
    for (const c of fromBuild) {
      for (const src of c.sources) {
        expect(src.startsWith(`${workdir}/`), src).toBe(true)
        const rel = src.slice(workdir.length + 1)
        // out/ is what the build makes, node_modules what npm ci made; the rest is the repo
        if (rel === 'out' || rel === 'node_modules') continue
        expect(existsSync(join(root, rel)), `COPY --from=${build} ${src}`).toBe(true)
      }
    }
  })

  it("its entry point is the package's perfdesk bin, a node script", () => {
    expect(instructions).toContain('ENTRYPOINT ["perfdesk"]')
    const link = instructions.find((l) => /ln -s \S+ \/usr\/local\/bin\/perfdesk/.test(l))
    expect(link).toContain(`/app/${pkg.bin.perfdesk}`)
    const bin = join(root, pkg.bin.perfdesk!)
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
    expect(statSync(bin).mode & 0o111).not.toBe(0)
    // the same Node major as package.json asks for
    const major = pkg.engines.node.match(/(\d+)/)![1]
    for (const s of stages) expect(s).toMatch(new RegExp(`^FROM node:${major}\\b`))
  })

  it('the built CLI imports only production dependencies (no electron, no dev tools)', () => {
    const out = join(root, 'out/main')
    expect(existsSync(join(out, 'cli.js')), 'run `npm run build` first').toBe(true)
    const files = [
      'cli.js',
      'suite-worker.js',
      ...readdirSync(join(out, 'chunks')).map((f) => `chunks/${f}`),
    ]
    const bare = new Set<string>()
    for (const f of files) {
      const text = readFileSync(join(out, f), 'utf8')
      // static imports start a line of the ESM bundle; dynamic ones are import("…")
      const found = [
        ...text.matchAll(/^(?:import|export)\b[^\n;]*?["']([^"']+)["']/gm),
        ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
      ]
      for (const m of found) {
        const spec = m[1]!
        // relative chunks and node: built-ins are not packages
        if (spec.startsWith('node:') || !PACKAGE.test(spec)) continue
        bare.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!)
      }
    }
    expect(bare.size).toBeGreaterThan(3)
    const missing = [...bare].filter((p) => !pkg.dependencies[p])
    expect(missing, 'imported by the CLI but not in "dependencies"').toEqual([])
  })
})
