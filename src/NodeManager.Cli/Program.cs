using NodeManager.Cli;
using NodeManager.Cli.Hosting;

return await NmctlApp.RunAsync(args, CliIo.System());
