import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Browser, chromium, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/test-app';

/** Debian's chromium (`apt-get install chromium`); `.ci/run` installs it, elsewhere the test says how to run it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Not localhost: browsers treat localhost as secure, and a broken setup only shows on another name. */
const HOST = 'api.example.test';
const describeWithBrowser = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

/**
 * Opens an operation of Swagger UI, clicks "Try it out", enters `body` (or keeps the body Swagger UI proposes),
 * executes it and returns the status the UI shows.
 */
async function execute(page: Page, operationId: string, body?: object): Promise<string> {
  const operation = page.locator(`#${operationId}`);
  await operation.locator('.opblock-summary').click();
  await operation.locator('button.try-out__btn').click();
  if (body) await operation.locator('textarea.body-param__text').fill(JSON.stringify(body));
  await operation.locator('button.execute').click();
  const status = operation.locator('.live-responses-table .response .response-col_status');
  await status.waitFor();
  return (await status.textContent())!.trim();
}

describeWithBrowser(`Swagger UI in headless Chromium, over plain HTTP at http://${HOST} [sqlite]`, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://${HOST}:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        // the host name reaches this machine's server, as a DNS record would
        `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads every asset, logs in with "Try it out" and creates the product it proposes with the token it got', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
    // (console errors are not counted: Chromium notes there that it ignores COOP over plain HTTP, which is harmless)
    page.on('pageerror', (error) => failed.push(`page error: ${error.message}`));
    await page.goto(`${origin}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
    expect(failed).toEqual([]);
    expect(page.url().startsWith(`http://${HOST}`)).toBe(true);

    const account = { email: 'browser@example.com', fullName: 'Browser', password: 'correct-horse-battery' };
    expect(await execute(page, 'operations-Auth-register', account)).toBe('201');
    expect(await execute(page, 'operations-Auth-login', { email: account.email, password: account.password })).toBe('200');
    // the body Swagger UI proposes is the DTO's examples, and the API takes it as it is
    expect(await execute(page, 'operations-Products-createProduct')).toBe('201');

    const stored = await t.app.inject({ url: '/api/v1/products?pageSize=100' });
    expect(stored.json().data).toEqual([
      expect.objectContaining({ name: 'Desk lamp', sku: 'LAMP-001', price: 19.99, quantity: 25, userId: expect.any(Number) }),
    ]);
    expect(failed).toEqual([]);
  });
});
