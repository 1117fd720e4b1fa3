namespace NodeManager.Agent.Hosting;

/// <summary>The configuration is invalid; <see cref="Problems"/> lists every problem found, each with how to fix it.</summary>
public sealed class AgentConfigurationException(IReadOnlyList<string> problems)
    : Exception("nodemanager-agent configuration is invalid:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
