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

    // A stopping silo tells the cluster's membership it leaves. With the membership store unreachable Orleans
    // retries that for minutes; the other silos declare this one dead on their own, so the stop has a deadline.
    var stopping = new TaskCompletionSource();
    using (app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
    {
        await stopping.Task;
    }

    var stop = app.StopAsync();
    if (await Task.WhenAny(stop, Task.Delay(StopDeadline.Of(app.Configuration))) != stop)
    {
        Console.Error.WriteLine($"NodeManager: the stop did not finish within {StopDeadline.Of(app.Configuration).TotalSeconds:0} s " +
            "(NodeManager:StopDeadline; is the cluster's membership store reachable?); exiting without waiting for it.");
        return 0;
    }

    await stop;
}

return 0;
