using System.Diagnostics;
using NodeManager.Grpc.Tests.Infrastructure;
using NodeManager.Grpc.Tests.Protos;
using Xunit.Abstractions;

namespace NodeManager.Grpc.Tests.Fuzz;

[Collection(GrpcServerCollection.Name)]
public class FrameFuzzTests(GrpcTestServer server, ITestOutputHelper output)
{
    private const int Seed = 20_261_122;
    private const int MaxIterations = 2_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Fuzz_RandomAndMutatedFrames_EveryCallEndsWithStatusAndServerSurvives()
    {
        output.WriteLine($"Fuzz seed: {Seed}");
        var generator = new FuzzCaseGenerator(new Random(Seed));
        using var client = RawGrpc.CreateClient();
        var failures = new List<string>();
        var elapsed = Stopwatch.StartNew();
        var iterations = 0;

        for (; iterations < MaxIterations && elapsed.Elapsed < Budget; iterations++)
        {
            var fuzzCase = generator.Next();
            var failure = await FuzzRunner.RunAsync(client, server.Http2Address, fuzzCase).WaitAsync(Timeout);
            if (failure is not null)
            {
                failures.Add($"#{iterations} {fuzzCase}: {failure}");
            }
        }

        output.WriteLine($"Iterations: {iterations}");
        Assert.True(failures.Count == 0, $"{failures.Count} failing inputs (seed {Seed}):\n{string.Join('\n', failures)}");
        await AssertServerStillServesAsync();
        var errors = server.UnexpectedErrors();
        Assert.True(errors.Count == 0, $"Server logged errors:\n{string.Join('\n', errors)}");
    }

    [Theory]
    [MemberData(nameof(RegressionCases))]
    public async Task Fuzz_RegressionCase_EndsWithStatusAndServerSurvives(FuzzCase fuzzCase)
    {
        using var client = RawGrpc.CreateClient();

        var failure = await FuzzRunner.RunAsync(client, server.Http2Address, fuzzCase).WaitAsync(Timeout);

        Assert.Null(failure);
        await AssertServerStillServesAsync();
        Assert.Empty(server.UnexpectedErrors());
    }

    public static TheoryData<FuzzCase> RegressionCases() => new()
    {
        new FuzzCase("header-only-max-length", TestMethods.Service + "/Echo", [0, 0xFF, 0xFF, 0xFF, 0xFF]),
        new FuzzCase("flag-0xff-empty", TestMethods.Service + "/Chat", [0xFF, 0, 0, 0, 0]),
        new FuzzCase("compressed-garbage-gzip", TestMethods.Service + "/Sum", [1, 0, 0, 0, 3, 1, 2, 3], Encoding: "gzip"),
        new FuzzCase("compressed-no-encoding-duplex", TestMethods.Service + "/Chat", [1, 0, 0, 0, 0]),
        new FuzzCase("partial-header-then-end", TestMethods.Service + "/Repeat", [0, 0, 0]),
        new FuzzCase("partial-header-then-reset", TestMethods.Service + "/Chat", [0, 0, 0], ResetAfterBody: true),
        // Found by the fuzz loop: a client reset surfaced as IOException and was logged as a handler error.
        new FuzzCase("whole-frame-then-reset-sum", TestMethods.Service + "/Sum", [0, 0, 0, 0, 2, 0x18, 0x01], ResetAfterBody: true),
        new FuzzCase("whole-frame-then-reset-echo", TestMethods.Service + "/Echo", [0, 0, 0, 0, 2, 0x18, 0x01], ResetAfterBody: true),
        new FuzzCase("invalid-utf8-string-field", TestMethods.Service + "/Echo", [0, 0, 0, 0, 3, 0x0A, 0x01, 0xFF]),
        // Found by the fuzz loop (seed 20261122, #935): a handler status code of 17 was sent as grpc-status 17.
        new FuzzCase("status-code-out-of-range", TestMethods.Service + "/Repeat", Convert.FromHexString("00000000100A0668C3A96C6C6F1202484A18022011")),
        new FuzzCase("reflection-garbage", "grpc.reflection.v1.ServerReflection/ServerReflectionInfo", [0, 0, 0, 0, 2, 0xFF, 0xFF]),
    };

    private async Task AssertServerStillServesAsync()
    {
        using var channel = server.CreateChannel();
        var response = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "still alive" }).WaitAsync(Timeout);
        Assert.Equal("still alive", response.Message);
    }
}
