using NodeManager.Core.Errors;
using NodeManager.Server.Cluster;
using NodeManager.Server.Hosting;

if (CommandLineHelp.TryPrint(args))
{
    return 0;
}

WebApplication app;
try
{
    app = NodeManagerApp.Create(args);
}
catch (StartupException ex)
{
    Console.Error.WriteLine($"NodeManager did not start: {ex.Message}");
    return 2;
}

await using (app)
{
    try
    {
        await app.StartAsync();
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        // The silo's membership store, a port or the node store was not there; the host logged the details.
        Console.Error.WriteLine($"NodeManager did not start: {StartFailure.Describe(ex, app.Configuration)}");
        return 3;
    }

    await app.WaitForShutdownAsync();
}

return 0;
