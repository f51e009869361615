import { createServer } from 'node:http';

// a listening server nobody closes: the open-handle check must fail this file
test('starts a server', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  expect(server.listening).toBe(true);
});
