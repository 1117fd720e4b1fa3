using Microsoft.AspNetCore.Builder;
using NodeManager.Agent.Hosting;

if (AgentCommandLine.IsHelp(args))
{
    Console.WriteLine(AgentCommandLine.Help);
    return 0;
}

try
{
    await AgentApp.Create(args).RunAsync();
    return 0;
}
catch (AgentConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
