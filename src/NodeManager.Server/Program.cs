using NodeManager.Core.Errors;
using NodeManager.Server.Hosting;

if (CommandLineHelp.TryPrint(args))
{
    return 0;
}

try
{
    var app = NodeManagerApp.Create(args);
    await app.RunAsync();
    return 0;
}
catch (StartupException ex)
{
    Console.Error.WriteLine($"NodeManager did not start: {ex.Message}");
    return 2;
}
