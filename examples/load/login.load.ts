// A user flow: log in, search, add what was found to the cart. Each arrival is a new user with
// its own cookie jar; each step is recorded and reported as shop.login, shop.search, shop.add.
//   node examples/load/shop-app.mjs &
//   npx lptf run examples/load/login.load.ts
// In your own project: import { loadTest } from 'lptf/load';
import { loadTest } from '../../src/load/script/load-test.js';

interface Login {
  readonly cart: string;
}
interface Products {
  readonly products: readonly { readonly id: number }[];
}

export default loadTest({
  url: 'http://127.0.0.1:8081',
  // 20 new users a second for 20 s: the rate is of arrivals (flows), each sends three requests.
  rate: 20,
  duration: '20s',
  checks: ['error_rate <= 1%', 'p(95){scenario:shop.login} <= 100ms', 'p(95){scenario:shop.add} <= 100ms'],
  data: { users: { file: 'data/users.csv' } },
  scenarios: {
    shop: {
      steps: [
        {
          name: 'login',
          request: {
            method: 'POST',
            path: '/login',
            body: '{"user": "{{data.users.name}}", "password": "{{data.users.name}}-secret"}',
          },
          // The session is a cookie: the jar keeps it for the next steps.
          check: (res) => /(^|, )sid=/.test(res.header('set-cookie') ?? '') || 'no session cookie',
          extract: (res) => ({ cart: (res.json() as Login).cart }),
          think: '300ms',
        },
        {
          name: 'search',
          request: { path: '/products?q={{data.users.likes}}' },
          check: (res) => (res.json() as Products).products.length > 0 || 'nothing found',
          extract: (res) => ({ product: (res.json() as Products).products[0]?.id }),
          think: '500ms',
        },
        {
          name: 'add',
          request: { method: 'POST', path: '/carts/{{vars.cart}}/items', body: '{"product": {{vars.product}}}' },
          check: (res) => (res.json() as { items: number }).items === 1 || 'the cart does not hold the product',
        },
      ],
    },
  },
});
