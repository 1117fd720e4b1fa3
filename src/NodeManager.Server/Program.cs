using NodeManager.Server.Hosting;

if (CommandLineHelp.TryPrint(args))
{
    return 0;
}

var app = NodeManagerApp.Create(args);
await app.RunAsync();
return 0;
