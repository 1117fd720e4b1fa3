using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace NodeManager.Cli.Tests.Infrastructure;

/// <summary>What one nmctl run left: its exit code, standard output and standard error.</summary>
public sealed record NmctlResult(int ExitCode, string Out, string Err)
{
    public JsonObject Json() => JsonNode.Parse(Out)?.AsObject() ?? throw new InvalidOperationException($"no JSON on stdout:\n{this}");

    /// <summary>JSON lines (watch output): one object per line.</summary>
    public List<JsonObject> JsonLines() => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    public Dictionary<object, object> Yaml() => new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(Out);

    public NmctlResult Ok()
    {
        Assert.True(ExitCode == 0, $"nmctl exited {ExitCode}:\n{this}");
        return this;
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
