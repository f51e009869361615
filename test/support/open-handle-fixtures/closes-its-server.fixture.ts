import { createServer } from 'node:http';

const server = createServer();
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('starts a server and closes it after', async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  expect(server.listening).toBe(true);
});
