/**
 * The live ring page (GET /) in a real headless browser: Debian's chromium driven by
 * playwright-core. Against a 3-process testnet it must draw one dot per vnode and one bar per
 * peer, show a vnode's fingers on click, and follow the ring when a peer is killed. Screenshots
 * go to test-artifacts/ (gitignored). Skipped, saying why, when chromium is not installed
 * (.ci/run installs it).
 */
import t from 'tap'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { connect } from '../../client/index.ts'
import { startTestnet } from '../../testnet/index.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url))
const VNODES = 4

const skip = existsSync(CHROMIUM)
  ? false
  : `chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, as .ci/run does as root; or set CHROMIUM_PATH)`

t.test('the live page draws one dot per vnode, shows fingers on click and follows a killed peer', { skip }, async t => {
  const { chromium } = await import('playwright-core')
  const net = await startTestnet({ peers: 3, vnodes: VNODES, stabilizeIntervalMs: 100, childStderr: 'ignore' })
  const profile = await mkdtemp(join(tmpdir(), 'chordkv-chromium-'))
  t.teardown(async () => {
    await net.stop()
    await rm(profile, { recursive: true, force: true })
  })
  const db = await connect({ bootstrap: net.peers.flatMap(p => p.multiaddrs) })
  try {
    for (let i = 0; i < 120; i++) await db.set(`page-${i}`, 'v')
  } finally {
    await db.close()
  }

  // A fresh profile, nothing fetched from the network (playwright takes the profile directory
  // as launchPersistentContext's argument rather than --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  t.teardown(async () => { await browser.close() })
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', err => { errors.push(err.message) })
  await page.goto(`http://${net.peers[0].http}/`)

  const dots = (): Promise<number> => page.locator('circle.vnode:not(.leave)').count()
  await page.waitForFunction(n => document.querySelectorAll('circle.vnode:not(.leave)').length === n, 3 * VNODES, { timeout: 20_000 })
  t.equal(await dots(), 3 * VNODES, 'one dot per vnode')
  t.equal(await page.locator('#peers tr').count(), 3, 'one bar per peer')
  t.equal(await page.locator('#c-keys').textContent(), '120', 'every key counted once')
  t.equal(await page.locator('path.arc').count(), 3 * VNODES, 'one ownership arc per vnode')
  const colours = await page.locator('circle.vnode').evaluateAll(els => new Set(els.map(e => e.getAttribute('fill'))).size)
  t.equal(colours, 3, 'dots coloured by physical peer')

  await page.locator('circle.vnode').first().click()
  await page.waitForFunction(() => document.querySelectorAll('#fingers path.finger').length > 0, undefined, { timeout: 10_000 })
  t.match(await page.locator('#selected').textContent(), /vnode [0-9a-f]{40}/, 'the chosen vnode is described')
  await mkdir(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, 'ring-page.png') })

  const victim = net.peers[2]
  await net.kill(2)
  await page.waitForFunction(n => document.querySelectorAll('circle.vnode:not(.leave)').length === n, 2 * VNODES, { timeout: 30_000 })
  t.equal(await dots(), 2 * VNODES, 'the killed peer\'s dots are gone')
  await page.waitForFunction(() => document.querySelectorAll('#peers tr').length === 2, undefined, { timeout: 10_000 })
  t.notOk(await page.locator(`circle.vnode[data-peer="${victim.peerId}"]:not(.leave)`).count(), 'none of its vnodes is left')
  t.match(await page.locator('#log').textContent(), new RegExp(`peer …${victim.peerId.slice(-8)} left`), 'the change is logged')
  // The picture after the fade-out: faded dots are removed from the page.
  await page.waitForFunction(() => document.querySelectorAll('circle.vnode.leave').length === 0, undefined, { timeout: 10_000 })
  await page.screenshot({ path: join(ARTIFACTS, 'ring-page-after-kill.png') })
  t.same(errors, [], 'no script errors')
})
