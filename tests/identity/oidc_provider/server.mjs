// A local OpenID Connect provider for motcua's identity tests (never for production).
//
//   node server.mjs PORT REDIRECT_URI JWKS_FILE
//
// Runs panva's certified `oidc-provider` on http://127.0.0.1:PORT with one
// confidential client (`motcua-test`, secret `motcua-test-secret`, PKCE
// required) whose only redirect URI is REDIRECT_URI, signing ID tokens with the
// private RSA key in JWKS_FILE (written by the test, so the test can also mint
// tokens the provider "would" sign). The development interactions (login and
// consent forms) are on; any login name is accepted, and the claims below are
// returned for every account (with `sub` = the login name).
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const [port, redirectUri, jwksFile] = process.argv.slice(2);
if (!port || !redirectUri || !jwksFile) {
  console.error('usage: node server.mjs PORT REDIRECT_URI JWKS_FILE');
  process.exit(2);
}

const ACCOUNT = {
  personal_id: '079203001234',
  name: 'Nguyễn Thị Minh Anh',
  family_name: 'Nguyễn',
  middle_name: 'Thị Minh',
  given_name: 'Anh',
  gender: 'female',
  birthdate: '2003-04-15',
  email: 'minhanh.nguyen@example.com',
  email_verified: true,
  phone_number: '0912345678',
  phone_number_verified: true,
  address: { formatted: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', country: 'VN' },
};

const configuration = {
  clients: [{
    client_id: 'motcua-test',
    client_secret: 'motcua-test-secret',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: JSON.parse(readFileSync(jwksFile, 'utf8')),
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'email', 'phone', 'address', 'citizen'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'family_name', 'middle_name', 'given_name', 'gender', 'birthdate'],
    email: ['email', 'email_verified'],
    phone: ['phone_number', 'phone_number_verified'],
    address: ['address'],
    citizen: ['personal_id'],
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['motcua-test-cookie-key'] },
  async findAccount(_ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { sub, ...ACCOUNT };
      },
    };
  },
};

const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider listening on http://127.0.0.1:${port}`);
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
