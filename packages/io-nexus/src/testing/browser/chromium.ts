// Debian's Chromium driven by playwright-core, for the browser tests (tests only). Chromium is
// required: without it the tests fail with instructions, unless PANDAAS_SKIP_BROWSER=1 asks to
// skip them.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** The browser binary: env PANDAAS_CHROMIUM, else Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.PANDAAS_CHROMIUM || '/usr/bin/chromium';

/** Whether the browser tests were asked to be skipped (env PANDAAS_SKIP_BROWSER=1). */
export const SKIP_BROWSER = process.env.PANDAAS_SKIP_BROWSER === '1';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** A running Chromium with a fresh profile; close() ends it and deletes the profile. */
export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts headless Chromium with a new, empty profile (user data dir); throws when it is missing. */
export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: the browser tests need it. Install it (Debian: apt-get install chromium, ` +
        'which scripts/setup-debian.sh does), or set PANDAAS_CHROMIUM to a Chromium or Chrome binary, ' +
        'or set PANDAAS_SKIP_BROWSER=1 to skip the browser tests.',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'pandaas-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}
