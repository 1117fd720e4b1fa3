// Drives NodeManager's n0stack.pool.NodeService with @grpc/grpc-js: first with the repository's
// protos/n0stack (as an n0stack client compiled from the proto would), then the way grpc_cli does
// it — descriptors fetched by server reflection — with the calls of n0stack's documentation.
// Usage: node n0stack-interop.js <host:port>
// Prints "ok <check>" per passed check; exits non-zero (with the reason) on the first failure.
'use strict';
const path = require('path');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const descriptor = require('protobufjs/ext/descriptor');

const address = process.argv[2];
if (!address) {
  console.error('usage: node n0stack-interop.js <host:port>');
  process.exit(2);
}

const options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
const protos = path.resolve(__dirname, '..', '..', 'protos');
const credentials = grpc.credentials.createInsecure();
const staticPkg = grpc.loadPackageDefinition(loader.loadSync(
  ['n0stack/pool/v0/node.proto', 'grpc/reflection/v1alpha/reflection.proto'], { ...options, includeDirs: [protos] }));
const nodes = new staticPkg.n0stack.pool.NodeService(address, credentials);
const reflection = new staticPkg.grpc.reflection.v1alpha.ServerReflection(address, credentials);

const deadline = () => ({ deadline: new Date(Date.now() + 10000) });
const unary = (client, method, request) =>
  new Promise((resolve, reject) => client[method](request, deadline(), (err, response) => (err ? reject(err) : resolve(response))));
const expectError = async (promise, code, messagePattern) => {
  try {
    await promise;
  } catch (err) {
    assert.equal(err.code, code, `expected code ${code}, got ${err.code}: ${err.details}`);
    if (messagePattern) assert.match(err.details, messagePattern);
    return err;
  }
  assert.fail(`expected error code ${code}, the call succeeded`);
};
const ok = (name) => console.log(`ok ${name}`);

// What grpc_cli does: ask reflection for the file declaring the service (with its dependencies)
// and build the client from those descriptors alone.
async function reflectedClient(service) {
  const answers = await new Promise((resolve, reject) => {
    const got = [];
    const call = reflection.ServerReflectionInfo(deadline());
    call.on('data', (m) => got.push(m));
    call.on('error', reject);
    call.on('end', () => resolve(got));
    call.write({ list_services: '' });
    call.write({ file_containing_symbol: service });
    call.end();
  });
  const services = answers[0].list_services_response.service.map((s) => s.name);
  assert.ok(services.includes(service), services.join(','));
  const files = answers[1].file_descriptor_response.file_descriptor_proto;
  const set = Buffer.concat(files.map((file) => Buffer.concat([Buffer.from([0x0a]), varint(file.length), file])));
  const pkg = grpc.loadPackageDefinition(loader.loadFileDescriptorSetFromBuffer(set, options));
  return { client: new pkg.n0stack.pool.NodeService(address, credentials), files };
}

// protobufjs builds a client from descriptors with map fields as repeated {key, value} entries (it
// does not turn map_entry types back into maps); grpc_cli's protobuf does, given the map_entry
// option, which is checked on the reflected descriptors. This reads either shape as an object.
const mapOf = (value) => (Array.isArray(value) ? Object.fromEntries(value.map((e) => [e.key, e.value])) : value);

function assertMapEntries(files, messageName, fields) {
  const node = files.map((f) => descriptor.FileDescriptorProto.decode(f)).flatMap((f) => f.messageType).find((m) => m.name === messageName);
  for (const field of fields) {
    const entry = node.nestedType.find((t) => t.name === node.field.find((f) => f.name === field).typeName.split('.').pop());
    assert.ok(entry && entry.options && entry.options.mapEntry, `${messageName}.${field} is not a map in the reflected descriptor`);
  }
}

function varint(n) {
  const bytes = [];
  while (n > 0x7f) { bytes.push((n & 0x7f) | 0x80); n >>>= 7; }
  bytes.push(n);
  return Buffer.from(bytes);
}

async function main() {
  const applied = await unary(nodes, 'ApplyNode', {
    name: 'test', address: '10.66.0.1', ipmi_address: '10.67.0.1', serial: 'SN-1', cpu_milli_cores: 8000,
    memory_bytes: '17179869184', storage_bytes: '1099511627776', datacenter: 'tokyo', availability_zone: 'a', cell: 'c1',
    rack: 'r9', unit: 12, labels: { env: 'interop' }, annotations: { owner: 'n0stack' },
  });
  assert.equal(applied.name, 'test');
  assert.equal(applied.version, '1');
  assert.equal(applied.unit, 12);
  assert.equal(applied.annotations.owner, 'n0stack');
  assert.equal(applied.state, 'NODE_UNSPECIFIED');
  ok('ApplyNode creates');
  // ApplyNode replaces every n0stack field: the budget pool is sent again (the reservations below need it).
  const again = await unary(nodes, 'ApplyNode', {
    name: 'test', address: '10.66.0.1', rack: 'r10', version: '1', cpu_milli_cores: 8000, memory_bytes: '17179869184', storage_bytes: '1099511627776',
  });
  assert.equal(again.version, '2');
  assert.equal(again.rack, 'r10');
  ok('ApplyNode updates with the version read');
  await expectError(unary(nodes, 'ApplyNode', { name: 'test', address: '10.66.0.1', version: '1' }), grpc.status.ABORTED);
  ok('ApplyNode stale version ABORTED');
  await expectError(unary(nodes, 'ApplyNode', { name: 'other', address: '10.66.0.300' }), grpc.status.INVALID_ARGUMENT, /^address: /);
  ok('ApplyNode INVALID_ARGUMENT naming address');

  const { client, files } = await reflectedClient('n0stack.pool.NodeService');
  assert.ok(files.length >= 4, `node.proto, empty.proto and the two budget files expected, got ${files.length}`);
  assertMapEntries(files, 'Node', ['annotations', 'labels', 'reserved_computes', 'reserved_storages']);
  ok('reflection serves n0stack.pool.NodeService with its dependencies');

  // The calls of n0stack's documentation (pkg/api/pool/node/README.md), field names as written.
  const listed = await unary(client, 'ListNodes', {});
  assert.deepEqual(listed.nodes.map((n) => n.name), ['test']);
  ok('documented ListNodes');
  const got = await unary(client, 'GetNode', { name: 'test' });
  assert.equal(got.address, '10.66.0.1');
  assert.equal(got.version, '2');
  ok('documented GetNode');

  // Reservations, as documented (grpc_cli's text format; 64-bit fields go as strings with grpc-js).
  const reserved = await unary(client, 'ReserveCompute', {
    name: 'test', compute_name: 'test-reserve', request_cpu_milli_core: 10, limit_cpu_milli_core: 10, request_memory_bytes: 10, limit_memory_bytes: 10,
  });
  assert.equal(reserved.name, 'test');
  const compute = mapOf(reserved.reserved_computes)['test-reserve'];
  assert.deepEqual({ ...compute, annotations: mapOf(compute.annotations) },
    { annotations: {}, request_cpu_milli_core: 10, limit_cpu_milli_core: 10, request_memory_bytes: '10', limit_memory_bytes: '10' });
  const reservedAgain = await unary(client, 'GetNode', { name: 'test' });
  assert.deepEqual(Object.keys(mapOf(reservedAgain.reserved_computes)), ['test-reserve']);
  ok('documented ReserveCompute');
  assert.deepEqual(await unary(client, 'ReleaseCompute', { name: 'test', compute_name: 'test-reserve' }), {});
  assert.deepEqual(mapOf((await unary(client, 'GetNode', { name: 'test' })).reserved_computes), {});
  await expectError(unary(client, 'ReleaseCompute', { name: 'test', compute_name: 'test-reserve' }), grpc.status.NOT_FOUND, /'test-reserve'/);
  ok('documented ReleaseCompute');
  const stored = await unary(client, 'ReserveStorage', { name: 'test', storage_name: 'test-reserve', request_bytes: 10, limit_bytes: 10 });
  const storage = mapOf(stored.reserved_storages)['test-reserve'];
  assert.deepEqual({ ...storage, annotations: mapOf(storage.annotations) }, { annotations: {}, request_bytes: '10', limit_bytes: '10' });
  ok('documented ReserveStorage');
  assert.deepEqual(await unary(client, 'ReleaseStorage', { name: 'test', storage_name: 'test-reserve' }), {});
  assert.deepEqual(mapOf((await unary(client, 'GetNode', { name: 'test' })).reserved_storages), {});
  ok('documented ReleaseStorage');
  await expectError(unary(client, 'ReserveCompute', { name: 'test', compute_name: 'x', request_cpu_milli_core: 10 }),
    grpc.status.INVALID_ARGUMENT, /^request_memory_bytes: /);
  ok('ReserveCompute INVALID_ARGUMENT naming request_memory_bytes');
  // Implemented, unlike n0stack: 'test' is only REGISTERED, so nothing can be scheduled yet.
  await expectError(unary(client, 'ScheduleCompute', {
    compute_name: 'test-schedule', request_cpu_milli_core: 10, limit_cpu_milli_core: 10, request_memory_bytes: 10, limit_memory_bytes: 10,
  }), grpc.status.RESOURCE_EXHAUSTED, /no node is COMMISSIONED/);
  await expectError(unary(client, 'ScheduleStorage', { storage_name: 'test-schedule', request_bytes: 10, limit_bytes: 10 }),
    grpc.status.RESOURCE_EXHAUSTED, /no node is COMMISSIONED/);
  ok('Schedule calls RESOURCE_EXHAUSTED without a COMMISSIONED node');

  await unary(client, 'DeleteNode', { name: 'test' });
  await expectError(unary(client, 'GetNode', { name: 'test' }), grpc.status.NOT_FOUND, /node 'test' not found/);
  ok('documented DeleteNode');
}

main().then(
  () => { console.log('interop: all checks passed'); process.exit(0); },
  (err) => { console.error(`interop FAILED: ${err && err.stack ? err.stack : err}`); process.exit(1); });
