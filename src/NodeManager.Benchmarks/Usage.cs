namespace NodeManager.Benchmarks;

/// <summary><c>--help</c>.</summary>
public static class Usage
{
    public const string Text = """
        usage: NodeManager.Benchmarks [--only all|grpc|health|inventory] [options]
               (from the repository: dotnet run -c Release --project src/NodeManager.Benchmarks -- [options])

        Every benchmark runs on loopback. Without --server the NodeManager server is hosted in this process
        (SQLite in a temporary directory), so client and server share the machine and its load.

          --only all               grpc, then health, then inventory (default)
          --seconds 10             measured seconds of each load

        grpc: unary nodemanager.v1.NodeService/GetNode with Grpc.Net.Client, C concurrent calls on one HTTP/2
        connection, after a warm-up at the same load: calls/s, p50/p99 latency, CPU and bytes allocated per call.
        In-process it also prints the store and service reads without the wire.
          --grpc-concurrency 64    concurrent calls
          --warmup 5               seconds of the same load before measuring
          --server <url>           gRPC endpoint of a running server, e.g. http://127.0.0.1:25081 (default: in-process)
          --server-pid <pid>       that server's process: its CPU time per call (without it: not measured;
                                   in-process the CPU figure is client and server together)
          --node-id <uuid>         the node every caller reads (default: the first C nodes ListNodes returns;
                                   on an empty server, C nodes created with CreateNode)
          --json <file>            append the result as one JSON line (eng/bench.sh reads it)
          --label <text>           copied into that line, e.g. which build the server is
          --alloc-profile          sampled allocations by type for each measurement

        health: an in-process server; heartbeats/s from many ack-paced StreamHeartbeats streams (Grpc.Net.Client,
        more HTTP/2 connections as the server's stream limit needs), then detection latency of killed streams at
        heartbeat intervals 1 s and 5 s (200 nodes, 40 killed).
          --streams 10000          concurrent heartbeat streams

        inventory: an in-process server; POST /v1/nodes:import of N nodes into SQLite (and PostgreSQL), twice,
        then GET /v1/nodes/{id} over REST with C clients.
          --nodes 100000           nodes in the import file
          --clients 32             concurrent REST clients
          --postgres <conn>        a PostgreSQL server where a database may be created and dropped
                                   (default: NODEMANAGER_TEST_POSTGRES; without either, PostgreSQL is skipped)

        examples:
          NodeManager.Benchmarks --only grpc --seconds 10
          NodeManager.Benchmarks --only grpc --server http://127.0.0.1:25081 --server-pid 12345 --seconds 15 --warmup 5
          NodeManager.Benchmarks --only health --streams 2000 --seconds 10
        """;
}
