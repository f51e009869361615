import createClient from 'openapi-fetch';
import type { paths } from '../../client/api';

/**
 * The README's five-minute tour as a frontend would write it: openapi-fetch typed by the generated `paths`
 * (npm run client:generate), so every URL, body field and response field below is checked by the compiler.
 * Unique email and SKU per run, and the product id taken from the create: the tour runs any number of times.
 */
export async function walkTour(baseUrl: string, run: string) {
  const api = createClient<paths>({ baseUrl });
  const email = `ann.${run}@example.com`;
  const password = 'correct-horse-battery';
  const registered = await api.POST('/api/v1/auth/register', { body: { email, fullName: 'Ann', password } });
  const login = await api.POST('/api/v1/auth/login', { body: { email, password } });
  if (!login.data) throw new Error(`login failed: ${JSON.stringify(login.error)}`);
  const headers = { authorization: `Bearer ${login.data.accessToken}` };

  const created = await api.POST('/api/v1/products', {
    headers,
    body: { name: 'Desk lamp', sku: `LAMP-${run}`, price: 19.99, category: 'lighting' },
  });
  if (!created.data) throw new Error(`create failed: ${JSON.stringify(created.error)}`);
  const id = created.data.id;
  const listed = await api.GET('/api/v1/products', {
    params: { query: { category: 'lighting', minPrice: 10, sort: '-price,name', page: 1, pageSize: 20 } },
  });
  const changed = await api.PATCH('/api/v1/products/{id}', { headers, params: { path: { id } }, body: { price: 17.5 } });
  const deleted = await api.DELETE('/api/v1/products/{id}', { headers, params: { path: { id } } });
  // the typed error body: `details` names every field, `requestId` is also in the x-request-id header
  const refused = await api.POST('/api/v1/products', {
    headers,
    // @ts-expect-error on purpose: an empty name, a negative price and a field the API does not have
    body: { name: '', price: -1, color: 'red' },
  });
  return {
    registered: registered.response.status,
    created: { status: created.response.status, price: created.data.price, owner: created.data.userId },
    listed: listed.data?.data.some((product) => product.id === id),
    changed: changed.data?.price,
    deleted: deleted.response.status,
    refused: {
      status: refused.response.status,
      details: refused.error?.details,
      requestId: refused.response.headers.get('x-request-id') === refused.error?.requestId,
    },
  };
}
