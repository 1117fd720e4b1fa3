using NodeManager.Benchmarks;

if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(Usage.Text);
    return 0;
}

var only = BenchArgs.String(args, "--only") ?? "all";
if (only is not ("all" or "inventory" or "grpc" or "health"))
{
    Console.Error.WriteLine($"unknown --only {only}" + Environment.NewLine + Usage.Text);
    return 2;
}

Console.WriteLine($"command: dotnet run -c Release --project src/NodeManager.Benchmarks -- {BenchArgs.Quote(args)}");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {InventoryBenchmark.LoadAverage()}");
var dir = Path.Combine(Path.GetTempPath(), "nm-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
try
{
    if (only is "all" or "grpc")
    {
        await GrpcBenchmark.RunAsync(UnaryOptions.Parse(args), dir);
    }

    if (only is "all" or "health")
    {
        await HealthBenchmark.RunAsync(BenchArgs.Int(args, "--streams", 10_000), BenchArgs.Int(args, "--seconds", 10), dir);
    }

    if (only is "all" or "inventory")
    {
        await InventoryBenchmark.RunAsync(args, dir);
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

return 0;
