using System.Text.RegularExpressions;
using NodeManager.Deployment.Tests.Infrastructure;

namespace NodeManager.Deployment.Tests.Chart;

/// <summary>values.schema.json and the chart's own checks refuse wrong values, naming them; values.yaml documents each one.</summary>
public sealed partial class ValuesSchemaTests
{
    [Theory]
    [InlineData("--set-string", "silo.replicas=three", "replicas")]
    [InlineData("--set", "silo.replicas=0", "replicas")]
    [InlineData("--set", "silo.kind=DaemonSet", "kind")]
    [InlineData("--set", "silo.ports.grpc=70000", "grpc")]
    [InlineData("--set-string", "agent.enabled=yes", "enabled")]
    [InlineData("--set", "silo.stopDeadline=15s", "stopDeadline")]
    [InlineData("--set", "silo.antiAffinity=sometimes", "antiAffinity")]
    [InlineData("--set", "silo.clusterId=not a label", "clusterId")]
    [InlineData("--set", "silo.replica=3", "replica")]
    [InlineData("--set", "silo.resources.requests.memory=lots", "memory")]
    [InlineData("--set", "service.grpc.type=Ingress", "type")]
    public async Task Template_ValueOfTheWrongTypeOrUnknown_IsRejectedNamingIt(string setFlag, string assignment, string named)
    {
        var template = await Infrastructure.Chart.TemplateAsync(setFlag, assignment);

        Assert.False(template.Succeeded, template.ToString());
        Assert.Contains("values don't meet the specifications of the schema", template.Stderr, StringComparison.Ordinal);
        Assert.Contains(named, template.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--set", "postgresql.enabled=false" }, "externalDatabase.connectionString")]
    [InlineData(new[] { "--set", "redis.enabled=false" }, "externalRedis.connectionString")]
    [InlineData(new[] { "--set", "silo.terminationGracePeriodSeconds=10" }, "silo.terminationGracePeriodSeconds")]
    [InlineData(new[] { "--set", "serviceAccount.create=false" }, "serviceAccount.name")]
    public async Task Template_InconsistentValues_FailNamingTheValueToSet(string[] args, string named)
    {
        var template = await Infrastructure.Chart.TemplateAsync(args);

        Assert.False(template.Succeeded, template.ToString());
        Assert.Contains(named, template.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesFile_EveryValue_IsDocumented()
    {
        var undocumented = UndocumentedValues(File.ReadAllLines(Path.Combine(Repo.Chart, "values.yaml")));

        Assert.True(undocumented.Count == 0, "values without a '# --' comment: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void UndocumentedValues_BareValueAndBareList_AreBothFound()
    {
        // The check above must be able to fail.
        string[] values =
        [
            "silo:",
            "  # -- Documented.",
            "  replicas: 3",
            "  bare: 1",
            "  # -- A documented map covers what it holds.",
            "  resources:",
            "    requests:",
            "      cpu: \"1\"",
            "  tolerations:",
            "    - operator: Exists",
        ];

        Assert.Equal(["silo.bare", "silo.tolerations"], UndocumentedValues(values));
    }

    /// <summary>
    /// The values (leaves and lists) of a values.yaml that no "# --" comment documents: one right above the value, or
    /// above one of the maps holding it.
    /// </summary>
    private static List<string> UndocumentedValues(IEnumerable<string> lines)
    {
        var open = new List<(int Indent, string Key, bool Documented)>();
        var undocumented = new List<string>();
        (string Path, bool Documented)? emptyKey = null; // "key:" with nothing after it yet: a map or a list
        var inDocComment = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0)
            {
                inDocComment = false;
                continue;
            }

            if (trimmed.StartsWith('#'))
            {
                inDocComment = trimmed.StartsWith("# --", StringComparison.Ordinal) || inDocComment;
                continue;
            }

            var documentedHere = inDocComment;
            inDocComment = false;
            if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                if (emptyKey is { Documented: false } list)
                {
                    undocumented.Add(list.Path);
                }

                emptyKey = null;
                continue;
            }

            var key = KeyLine().Match(line);
            if (!key.Success)
            {
                continue;
            }

            var indent = key.Groups[1].Value.Length;
            open.RemoveAll(o => o.Indent >= indent);
            var documented = documentedHere || open.Any(o => o.Documented);
            var path = string.Join('.', open.Select(o => o.Key).Append(key.Groups[2].Value));
            emptyKey = null;
            if (key.Groups[3].Value.Trim().Length == 0)
            {
                emptyKey = (path, documented);
            }
            else if (!documented)
            {
                undocumented.Add(path);
            }

            open.Add((indent, key.Groups[2].Value, documented));
        }

        return undocumented;
    }

    [GeneratedRegex("^( *)([A-Za-z][A-Za-z0-9_-]*):(.*)$")]
    private static partial Regex KeyLine();
}
