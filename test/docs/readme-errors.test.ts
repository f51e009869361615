import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sessionOf } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The body the tour sends after "# bad input is a 400", and the JSON the Errors section shows for it. */
function documented(): { payload: unknown; response: Record<string, unknown> } {
  const body = /# bad input is a 400[^\n]*\ncurl [^\n]*-d '([^']+)'/.exec(README)?.[1];
  const json = /### Errors[\s\S]*?```json\n([\s\S]*?)\n```/.exec(README)?.[1];
  if (!body || !json) throw new Error("README: the tour's bad-input curl or the Errors JSON block is missing");
  return { payload: JSON.parse(body), response: JSON.parse(json) };
}

describe('README: the 400 example is what the server says', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  test("the tour's bad product gets exactly the documented body (request id aside)", async () => {
    const { payload, response } = documented();
    const { headers } = await sessionOf(t.app, 'user');
    const reply = await t.app.inject({ method: 'POST', url: '/api/v1/products', headers, payload: payload as object });
    expect({ ...reply.json(), requestId: '…' }).toEqual(response);
    expect(reply.statusCode).toBe(response.statusCode);
  });
});
