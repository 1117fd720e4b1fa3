using Grpc.Core;
using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Reports;
using NodeManager.Simulator.Scenarios;

if (SimulatorCommandLine.IsHelp(args))
{
    Console.WriteLine(SimulatorCommandLine.Help());
    return 0;
}

var options = SimulatorCommandLine.Parse(args, out var errors);
if (errors.Count > 0)
{
    errors.ForEach(e => Console.Error.WriteLine($"error: {e}"));
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
SimulationReport report;
try
{
    report = await new ScenarioRunner(options, Console.Out).RunAsync(cancel.Token);
}
catch (Exception ex) when (ex is HttpRequestException || ex is RpcException { StatusCode: StatusCode.Unavailable, Status.DebugException: HttpRequestException })
{
    // REST (bulk import) fails with HttpRequestException; gRPC (--register create) with UNAVAILABLE around it.
    var reason = ex is RpcException rpc ? rpc.Status.Detail : ex.Message;
    Console.Error.WriteLine($"error: the server did not answer ({reason}); is it running at --server {string.Join(',', options.Endpoints)} and --rest {options.Rest}?");
    return 1;
}

Console.WriteLine(ReportWriter.Table(report));
var json = ReportWriter.JsonLine(report);
Console.WriteLine(ReportWriter.JsonPrefix + json);
if (options.JsonFile is not null)
{
    await File.AppendAllTextAsync(options.JsonFile, json + Environment.NewLine);
}

return report.Passed ? 0 : 1;
