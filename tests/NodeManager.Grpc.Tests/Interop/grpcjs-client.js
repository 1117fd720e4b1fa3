// Calls the test server with @grpc/grpc-js and checks every call shape and status path.
// Usage: node grpcjs-client.js <host:port> <protos dir>. Exits non-zero on the first mismatch.
'use strict';
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const path = require('path');

const [address, protoDir] = process.argv.slice(2);
const options = { keepCase: false, longs: Number, enums: String, defaults: true, includeDirs: [protoDir] };
const test = grpc.loadPackageDefinition(loader.loadSync(path.join(protoDir, 'test_service.proto'), options)).nodemanager.test.v1;
const health = grpc.loadPackageDefinition(loader.loadSync(path.join(protoDir, 'grpc/health/v1/health.proto'), options)).grpc.health.v1;
const client = new test.TestService(address, grpc.credentials.createInsecure());
const healthClient = new health.Health(address, grpc.credentials.createInsecure());

function check(name, condition, detail) {
  if (!condition) {
    console.error(`FAIL ${name}: ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok ${name}`);
}

const unary = (fn, request, opts = {}) => new Promise((resolve) => fn(request, new grpc.Metadata(), opts, (err, res) => resolve({ err, res })));

async function main() {
  let r = await unary(client.Echo.bind(client), { message: 'hi from grpc-js' });
  check('unary', !r.err && r.res.message === 'hi from grpc-js', r.err);

  const detail = 'Grüße 世界 100%';
  r = await unary(client.Echo.bind(client), { message: 'status', statusCode: 5, statusDetail: detail });
  check('status', r.err && r.err.code === 5 && r.err.details === detail, r.err && { code: r.err.code, details: r.err.details });
  check('trailers', r.err.metadata.get('x-trailer')[0] === 'trailer-value', r.err.metadata.getMap());

  r = await unary(client.Echo.bind(client), { message: 'wait', testId: 'grpcjs' }, { deadline: Date.now() + 300 });
  check('deadline', r.err && r.err.code === grpc.status.DEADLINE_EXCEEDED, r.err && r.err.code);

  const unknown = new grpc.Client(address, grpc.credentials.createInsecure());
  r = await new Promise((resolve) => unknown.makeUnaryRequest('/no.such.Service/Call', (x) => x, (x) => x, Buffer.alloc(0), (err, res) => resolve({ err, res })));
  check('unimplemented', r.err && r.err.code === grpc.status.UNIMPLEMENTED, r.err && r.err.code);

  const streamed = await new Promise((resolve, reject) => {
    const items = [];
    const call = client.Repeat({ message: 'r', count: 5 });
    call.on('data', (m) => items.push(m.total));
    call.on('error', reject);
    call.on('end', () => resolve(items));
  });
  check('server streaming', JSON.stringify(streamed) === '[0,1,2,3,4]', streamed);

  r = await new Promise((resolve) => {
    const call = client.Sum((err, res) => resolve({ err, res }));
    for (let i = 1; i <= 4; i++) call.write({ count: i });
    call.end();
  });
  check('client streaming', !r.err && r.res.total === 10, r.err);

  const echoed = await new Promise((resolve, reject) => {
    const items = [];
    const call = client.Chat();
    call.on('data', (m) => items.push(m.message));
    call.on('error', reject);
    call.on('end', () => resolve(items));
    ['a', 'b', 'c'].forEach((m) => call.write({ message: m }));
    call.end();
  });
  check('duplex streaming', echoed.join('') === 'abc', echoed);

  r = await unary(healthClient.Check.bind(healthClient), { service: '' });
  check('health', !r.err && r.res.status === 'SERVING', r.err);

  const compressed = new test.TestService(address, grpc.credentials.createInsecure(), { 'grpc.default_compression_algorithm': 2 });
  r = await unary(compressed.Echo.bind(compressed), { message: 'x'.repeat(10000) });
  check('gzip request', !r.err && r.res.message.length === 10000, r.err);

  process.exit(0);
}

main().catch((e) => { console.error('FAIL', e); process.exit(1); });
