// Starts Learning Locker's xAPI statement service (npm xapi-statements) for the tests: statements kept in memory,
// attachments in a temporary folder, and client authentication answered by a small endpoint here that accepts exactly
// LRS_KEY:LRS_SECRET as HTTP Basic credentials (Learning Locker's own deployments ask its API the same question).
// Usage: LRS_PORT=… LRS_KEY=… LRS_SECRET=… LRS_STORAGE=… node lrs.js
const http = require('node:http');

const expected = 'Basic ' + Buffer.from(`${process.env.LRS_KEY}:${process.env.LRS_SECRET}`).toString('base64');
const client = {
  _id: '5988f0f00000000000000123',
  title: 'funasr-tests',
  authority: { objectType: 'Agent', name: 'FunAsr tests', mbox: 'mailto:lrs@funasr.invalid' },
  isTrusted: true,
  lrs_id: '5988f0f00000000000000001',
  organisation: '5988f0f00000000000000002',
  scopes: ['all'],
};

const auth = http.createServer((request, response) => {
  if (request.headers.authorization === expected) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(client));
  } else {
    response.writeHead(404);
    response.end();
  }
});

auth.listen(0, '127.0.0.1', () => {
  const storage = process.env.LRS_STORAGE;
  Object.assign(process.env, {
    EXPRESS_PORT: process.env.LRS_PORT,
    AUTH_REPO: 'fetch',
    LL_CLIENT_INFO_ENDPOINT: `http://127.0.0.1:${auth.address().port}/`,
    MODELS_REPO: 'memory',
    STORAGE_REPO: 'local',
    EVENTS_REPO: 'test',
    FS_LOCAL_STORAGE_DIR: storage,
    EXPRESS_MORGAN_DIRECTORY: `${storage}/logs`,
    WINSTON_CONSOLE_LEVEL: 'warn',
  });
  require('xapi-statements/dist/server');
});
