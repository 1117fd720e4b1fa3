// A @grpc/grpc-js implementation of the test service, for checking our client against a real gRPC server.
// Usage: node grpcjs-server.js <protos dir>. Prints "port <n>" once listening; exits when stdin closes.
'use strict';
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const path = require('path');

const protoDir = process.argv[2];
const options = { keepCase: false, longs: Number, enums: String, defaults: true, includeDirs: [protoDir] };
const test = grpc.loadPackageDefinition(loader.loadSync(path.join(protoDir, 'test_service.proto'), options)).nodemanager.test.v1;

const server = new grpc.Server();
server.addService(test.TestService.service, {
  Echo(call, callback) {
    const request = call.request;
    if (request.message === 'status') {
      const trailers = new grpc.Metadata();
      trailers.set('x-trailer', 'trailer-value');
      callback({ code: request.statusCode, details: request.statusDetail, metadata: trailers });
      return;
    }
    if (request.message === 'wait') {
      return; // never answers: the client's deadline must end the call
    }
    callback(null, { message: request.message, payload: request.payload, peer: call.getPeer() });
  },
  Sum(call, callback) {
    let total = 0;
    let count = 0;
    call.on('data', (m) => { total += m.count; count++; });
    call.on('end', () => callback(null, { total, message: String(count) }));
  },
  Repeat(call) {
    for (let i = 0; i < call.request.count; i++) call.write({ message: call.request.message, total: i });
    if (call.request.statusCode) {
      call.emit('error', { code: call.request.statusCode, details: call.request.statusDetail });
      return;
    }
    call.end();
  },
  Chat(call) {
    call.on('data', (m) => call.write({ message: m.message, total: m.count }));
    call.on('end', () => call.end());
  },
});

server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  console.log(`port ${port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
