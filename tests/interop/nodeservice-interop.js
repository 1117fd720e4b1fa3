// Drives NodeManager's gRPC endpoint with @grpc/grpc-js, loading the repository's protos/.
// Usage: node nodeservice-interop.js <host:port>
// Prints "ok <check>" per passed check; exits non-zero (with the reason) on the first failure.
'use strict';
const path = require('path');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const address = process.argv[2];
if (!address) {
  console.error('usage: node nodeservice-interop.js <host:port>');
  process.exit(2);
}

const protos = path.resolve(__dirname, '..', '..', 'protos');
const definition = loader.loadSync(
  ['nodemanager/v1/node_service.proto', 'nodemanager/v1/health.proto', 'grpc/health/v1/health.proto', 'grpc/reflection/v1alpha/reflection.proto'],
  { includeDirs: [protos], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const pkg = grpc.loadPackageDefinition(definition);
const credentials = grpc.credentials.createInsecure();
const nodes = new pkg.nodemanager.v1.NodeService(address, credentials);
const health = new pkg.grpc.health.v1.Health(address, credentials);
const nodeHealth = new pkg.nodemanager.v1.HealthService(address, credentials);
const reflection = new pkg.grpc.reflection.v1alpha.ServerReflection(address, credentials);

const deadline = (ms = 10000) => ({ deadline: new Date(Date.now() + ms) });
const unary = (client, method, request, options = deadline()) =>
  new Promise((resolve, reject) => client[method](request, options, (err, response) => (err ? reject(err) : resolve(response))));
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

async function main() {
  const suffix = Date.now().toString(36);
  const created = await unary(nodes, 'CreateNode', {
    node: { name: `js-${suffix}`, ip: '10.77.0.1', mac: '02:77:00:00:00:01', labels: { env: 'interop' },
      devices: [{ kind: 'DEVICE_KIND_GPU', model: 'A100', count: 2 }] },
  });
  assert.match(created.id, /^[0-9a-f-]{36}$/);
  assert.equal(created.version, '1');
  assert.equal(created.lifecycle_state, 'LIFECYCLE_STATE_REGISTERED');
  ok('unary CreateNode');

  const read = await unary(nodes, 'GetNode', { id: created.id });
  assert.equal(read.name, `js-${suffix}`);
  assert.equal(read.devices[0].kind, 'DEVICE_KIND_GPU');
  ok('unary GetNode');

  const listed = await unary(nodes, 'ListNodes', { label_selector: 'env=interop', page_size: 10 });
  assert.ok(listed.nodes.some((n) => n.id === created.id));
  ok('unary ListNodes with label selector');

  await expectError(unary(nodes, 'GetNode', { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }), grpc.status.NOT_FOUND, /not found/);
  ok('error NOT_FOUND with message');
  await expectError(unary(nodes, 'CreateNode', { node: { name: 'js-bad', ip: '10.77.0.300' } }), grpc.status.INVALID_ARGUMENT, /^ip: /);
  ok('error INVALID_ARGUMENT naming the field');
  await expectError(unary(nodes, 'CreateNode', { node: { name: `js-${suffix}`, ip: '10.77.0.2' } }), grpc.status.ALREADY_EXISTS, new RegExp(created.id));
  ok('error ALREADY_EXISTS naming the other node');
  const stale = { ...read, veth: 'veth7', version: '7' };
  await expectError(unary(nodes, 'UpdateNode', { node: stale }), grpc.status.ABORTED);
  ok('error ABORTED on a stale version');
  await expectError(unary(nodes, 'GetNode', { id: created.id }, { deadline: new Date(Date.now() - 1000) }), grpc.status.DEADLINE_EXCEEDED);
  ok('deadline already passed');

  const check = await unary(health, 'Check', { service: '' });
  assert.equal(check.status, 'SERVING');
  ok('unary Health/Check');

  // Server stream: Watch sends the current status at once; the deadline then ends the stream.
  const watched = await new Promise((resolve, reject) => {
    const statuses = [];
    const call = health.Watch({ service: 'nodemanager.v1.NodeService' }, deadline(1500));
    call.on('data', (m) => statuses.push(m.status));
    call.on('error', (err) => (err.code === grpc.status.DEADLINE_EXCEEDED ? resolve({ statuses, code: err.code }) : reject(err)));
    call.on('end', () => resolve({ statuses, code: grpc.status.OK }));
  });
  assert.equal(watched.statuses[0], 'SERVING');
  assert.equal(watched.code, grpc.status.DEADLINE_EXCEEDED);
  ok('server stream Health/Watch ended by its deadline');

  // Bidi stream: reflection answers each request on the same stream.
  const answers = await new Promise((resolve, reject) => {
    const got = [];
    const call = reflection.ServerReflectionInfo(deadline());
    call.on('data', (m) => got.push(m));
    call.on('error', reject);
    call.on('end', () => resolve(got));
    call.write({ list_services: '' });
    call.write({ file_containing_symbol: 'nodemanager.v1.NodeService' });
    call.write({ file_containing_symbol: 'no.such.Symbol' });
    call.end();
  });
  assert.equal(answers.length, 3);
  const services = answers[0].list_services_response.service.map((s) => s.name);
  assert.ok(services.includes('nodemanager.v1.NodeService'), services.join(','));
  assert.ok(answers[1].file_descriptor_response.file_descriptor_proto.length >= 2);
  assert.equal(answers[2].error_response.error_code, grpc.status.NOT_FOUND);
  ok('bidi stream ServerReflectionInfo');

  // Bidi heartbeat stream: every heartbeat acked with its seq, the interval and the status; goodbye → NOT_READY.
  const acks = await new Promise((resolve, reject) => {
    const got = [];
    const call = nodeHealth.StreamHeartbeats(deadline());
    call.on('data', (ack) => {
      got.push(ack);
      if (got.length < 3) call.write({ node_id: created.id, seq: String(got.length + 1), goodbye: got.length === 2 });
      else call.end();
    });
    call.on('error', reject);
    call.on('end', () => resolve(got));
    call.write({ node_id: created.id, seq: '1', observed: { ip: '10.77.0.1' } });
  });
  assert.deepEqual(acks.map((a) => a.seq), ['1', '2', '3']);
  assert.ok(Number(acks[0].interval.seconds) > 0 || acks[0].interval.nanos > 0);
  assert.equal(acks[0].status, 'HEALTH_STATUS_READY');
  const afterGoodbye = await unary(nodeHealth, 'GetNodeHealth', { node_id: created.id });
  assert.equal(afterGoodbye.status, 'HEALTH_STATUS_NOT_READY');
  assert.equal(afterGoodbye.decided_by, 'DECIDED_BY_AGENT_SHUTDOWN');
  await expectError(unary(nodeHealth, 'ReportHeartbeat', { node_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', seq: '1' }), grpc.status.NOT_FOUND, /not registered/);
  ok('bidi stream StreamHeartbeats with goodbye');

  await unary(nodes, 'DeleteNode', { id: created.id, version: '1' });
  await expectError(unary(nodes, 'GetNode', { id: created.id }), grpc.status.NOT_FOUND);
  ok('unary DeleteNode');

  // The deleted node's history: newest first, the delete first and the create last, each with its actor.
  const history = await unary(nodes, 'ListNodeHistory', { node_id: created.id, page_size: 100 });
  assert.equal(history.entries[0].kind, 'NODE_EVENT_TYPE_DELETED');
  assert.equal(history.entries[history.entries.length - 1].kind, 'NODE_EVENT_TYPE_CREATED');
  assert.equal(history.entries[0].actor, 'anonymous');
  assert.equal(history.entries[0].name, `js-${suffix}`);
  const oldest = await unary(nodes, 'ListNodeHistory', { node_id: created.id, ascending: true, kinds: ['NODE_EVENT_TYPE_CREATED'] });
  assert.deepEqual(oldest.entries.map((e) => e.revision), [history.entries[history.entries.length - 1].revision]);
  await expectError(unary(nodes, 'ListNodeHistory', { node_id: created.id, page_token: 'bogus' }), grpc.status.INVALID_ARGUMENT, /page_token/);
  await expectError(unary(nodes, 'ListNodeHistory', { node_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }), grpc.status.NOT_FOUND);
  ok('unary ListNodeHistory');
}

main().then(
  () => { console.log('interop: all checks passed'); process.exit(0); },
  (err) => { console.error(`interop FAILED: ${err && err.stack ? err.stack : err}`); process.exit(1); });
