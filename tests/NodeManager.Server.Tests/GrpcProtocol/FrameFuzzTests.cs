using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>
/// Malformed gRPC requests over real HTTP/2 to NodeManager's own methods (unary, server streaming, duplex) and the
/// stock health and reflection services: every call ends with a status or a clean reset, and the server goes on serving.
/// </summary>
[Collection(GrpcProtocolCollection.Name)]
public sealed class FrameFuzzTests(ProtocolServer server, ITestOutputHelper output)
{
    private const int Seed = 20_260_722;
    private const int MaxIterations = 2_000;
    private const int Workers = 4;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    private readonly int _logMark = server.Log.Mark();

    [Fact]
    public async Task Fuzz_RandomAndMutatedFrames_EveryCallEndsWithStatusAndServerSurvives()
    {
        output.WriteLine($"Fuzz seed: {Seed}");
        var generator = new FuzzCaseGenerator(new Random(Seed), server.NodeId);
        using var client = RawGrpc.CreateClient();
        var failures = new ConcurrentQueue<string>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var elapsed = Stopwatch.StartNew();
        var next = 0;

        // Cases are drawn in seed order by whichever worker is free; a failure names its case number and bytes.
        async Task Work()
        {
            while (elapsed.Elapsed < Budget)
            {
                FuzzCase fuzzCase;
                int number;
                lock (generator)
                {
                    if (next == MaxIterations)
                    {
                        return;
                    }

                    number = next++;
                    fuzzCase = generator.Next();
                }

                var outcome = await FuzzRunner.RunAsync(client, server.Grpc, fuzzCase).WaitAsync(ProtocolServer.CallTimeout);
                outcomes.AddOrUpdate($"{fuzzCase.Path} {fuzzCase.Name}: {outcome.Kind}", 1, (_, n) => n + 1);
                if (outcome.Failure is not null)
                {
                    failures.Enqueue($"#{number} {fuzzCase}: {outcome.Failure}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(Work))).WaitAsync(Budget + ProtocolServer.CallTimeout);

        output.WriteLine($"Iterations: {next} in {elapsed.Elapsed.TotalSeconds:0.0} s");
        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,5}  {outcome}");
        }

        foreach (var group in server.Log.EntriesSince(_logMark).GroupBy(e => $"{e.Level} {e.Category} {e.Exception?.GetType().Name}: {e.Exception?.Message}"))
        {
            output.WriteLine($"log {group.Count(),5}  {group.Key}");
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} failing inputs (seed {Seed}):\n{string.Join('\n', failures.Take(30))}");
        await server.AssertServesAsync();
        server.AssertNoUnexpectedErrors(_logMark);
    }

    [Theory]
    [MemberData(nameof(RegressionCaseNames))]
    public async Task Fuzz_RegressionCase_EndsWithExpectedStatusAndServerSurvives(string name)
    {
        var (fuzzCase, expected) = FuzzCorpus.Cases[name];
        using var client = RawGrpc.CreateClient();

        var outcome = await FuzzRunner.RunAsync(client, server.Grpc, fuzzCase).WaitAsync(ProtocolServer.CallTimeout);

        output.WriteLine($"{fuzzCase}: {outcome.Kind}");
        Assert.Null(outcome.Failure);
        Assert.Equal(expected, outcome.Kind);
        await server.AssertServesAsync();
        server.AssertNoUnexpectedErrors(_logMark);
    }

    public static TheoryData<string> RegressionCaseNames() => new(FuzzCorpus.Cases.Keys);
}
