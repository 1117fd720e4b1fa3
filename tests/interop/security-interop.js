// Drives a NodeManager server that requires authentication with @grpc/grpc-js over TLS (the server's CA given):
// an operator's bearer token (call credentials), and an agent's client certificate (mutual TLS).
// Usage: node security-interop.js <host:port>, with the environment:
//   NM_CA            PEM of the CA that signs the server's certificate (and the agent's)
//   NM_VIEWER_TOKEN  a viewer's JWT;  NM_OPERATOR_TOKEN  an operator's JWT
//   NM_CERT, NM_KEY  the agent's client certificate and key (PEM), naming node NM_NODE in its SAN URI
// Prints "ok <check>" per passed check; exits non-zero (with the reason) on the first failure.
'use strict';
const fs = require('fs');
const path = require('path');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const address = process.argv[2];
const env = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`usage: node security-interop.js <host:port> with ${name} set`);
    process.exit(2);
  }
  return value;
};

const protos = path.resolve(__dirname, '..', '..', 'protos');
const definition = loader.loadSync(['nodemanager/v1/node_service.proto', 'nodemanager/v1/health.proto'],
  { includeDirs: [protos], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const pkg = grpc.loadPackageDefinition(definition);
const ca = fs.readFileSync(env('NM_CA'));

const bearer = (token) => grpc.credentials.createFromMetadataGenerator((_, callback) => {
  const metadata = new grpc.Metadata();
  metadata.add('authorization', `Bearer ${token}`);
  callback(null, metadata);
});
const tls = grpc.credentials.createSsl(ca);
const withToken = (token) => grpc.credentials.combineChannelCredentials(tls, bearer(token));
const agentTls = grpc.credentials.createSsl(ca, fs.readFileSync(env('NM_KEY')), fs.readFileSync(env('NM_CERT')));

const deadline = (ms = 10000) => ({ deadline: new Date(Date.now() + ms) });
const unary = (client, method, request) =>
  new Promise((resolve, reject) => client[method](request, deadline(), (err, response) => (err ? reject(err) : resolve(response))));
const expectError = async (promise, code) => {
  try {
    await promise;
  } catch (err) {
    assert.equal(err.code, code, `expected code ${code}, got ${err.code}: ${err.details}`);
    return err;
  }
  assert.fail(`expected error code ${code}, the call succeeded`);
};
const ok = (name) => console.log(`ok ${name}`);

async function main() {
  const anonymous = new pkg.nodemanager.v1.NodeService(address, tls);
  await expectError(unary(anonymous, 'ListNodes', {}), grpc.status.UNAUTHENTICATED);
  ok('TLS without a token: UNAUTHENTICATED');

  const viewer = new pkg.nodemanager.v1.NodeService(address, withToken(env('NM_VIEWER_TOKEN')));
  await unary(viewer, 'ListNodes', {});
  await expectError(unary(viewer, 'CreateNode', { node: { name: 'js-viewer', ip: '10.66.0.1' } }), grpc.status.PERMISSION_DENIED);
  ok('TLS with a viewer token: reads, PERMISSION_DENIED on a write');

  const operator = new pkg.nodemanager.v1.NodeService(address, withToken(env('NM_OPERATOR_TOKEN')));
  const other = await unary(operator, 'CreateNode', { node: { name: 'js-other', ip: '10.66.0.2' } });
  ok('TLS with an operator token: CreateNode');

  const nodeId = env('NM_NODE');
  const agentNodes = new pkg.nodemanager.v1.NodeService(address, agentTls);
  const own = await unary(agentNodes, 'CreateNode', { node: { id: nodeId, name: 'js-agent', ip: '10.66.0.3' } });
  assert.equal(own.id, nodeId);
  await expectError(unary(agentNodes, 'GetNode', { id: other.id }), grpc.status.PERMISSION_DENIED);
  ok('client certificate: registers its own node, PERMISSION_DENIED on another');

  const agentHealth = new pkg.nodemanager.v1.HealthService(address, agentTls);
  await new Promise((resolve, reject) => {
    const call = agentHealth.StreamHeartbeats(deadline());
    let acked = 0;
    call.on('data', (ack) => {
      acked++;
      assert.equal(ack.seq, '1');
      call.write({ node_id: other.id, seq: 2 });
    });
    call.on('error', (err) => {
      try {
        assert.equal(acked, 1);
        assert.equal(err.code, grpc.status.PERMISSION_DENIED, `got ${err.code}: ${err.details}`);
        resolve();
      } catch (e) {
        reject(e);
      }
    });
    call.on('end', () => reject(new Error('the stream ended without PERMISSION_DENIED')));
    call.write({ node_id: nodeId, seq: 1 });
  });
  ok('client certificate: heartbeat stream of its node acked, another node PERMISSION_DENIED');
}

main().then(() => process.exit(0), (err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
