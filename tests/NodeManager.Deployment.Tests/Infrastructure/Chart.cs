using System.Text.Json;

namespace NodeManager.Deployment.Tests.Infrastructure;

/// <summary>The chart <c>helm/node-manager</c> through the real helm: lint, template, and the objects it renders.</summary>
public static class Chart
{
    public const string Release = "nm";
    public const string Namespace = "nm-test";

    /// <summary>The release's full name (release name + chart name).</summary>
    public const string FullName = "nm-node-manager";

    private static readonly TimeSpan HelmTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The values profiles under <c>ci/</c>, besides the defaults.</summary>
    public static readonly string[] Profiles = ["trial", "external", "agents"];

    /// <summary>helm arguments for a profile: "default" is the chart's own values.</summary>
    public static string[] ProfileArgs(string profile) =>
        profile == "default" ? [] : ["-f", Path.Combine(Repo.Chart, "ci", $"{profile}-values.yaml")];

    public static async Task<ProcessResult> HelmAsync(params string[] args)
    {
        var tools = await DeploymentTools.GetAsync();
        return await ProcessRun.RunAsync(tools.Helm, args, HelmTimeout, environment: tools.HelmEnvironment);
    }

    public static Task<ProcessResult> TemplateAsync(params string[] args) =>
        HelmAsync(["template", Release, Repo.Chart, "--namespace", Namespace, .. args]);

    /// <summary>Renders the chart and runs every object through the schema validator; throws when helm fails.</summary>
    public static async Task<Rendered> RenderAsync(params string[] args)
    {
        var template = await TemplateAsync(args);
        Assert.True(template.Succeeded, template.ToString());
        return await Rendered.ValidateAsync(template.Stdout);
    }
}

/// <summary>
/// Rendered objects, each checked without a cluster: against the Kubernetes API's schema by Validation/validate.mjs
/// (the kubernetes-models validators: types, required fields, enums), and by <see cref="KubernetesChecks"/> (fields the
/// type does not have, names and labels).
/// </summary>
public sealed class Rendered
{
    private static readonly TimeSpan ValidateTimeout = TimeSpan.FromMinutes(2);

    private Rendered(IReadOnlyList<JsonElement> objects, IReadOnlyList<JsonElement> results, ProcessResult validation, IReadOnlyList<string> problems)
    {
        Objects = objects;
        Results = results;
        Validation = validation;
        Problems = problems;
    }

    public IReadOnlyList<JsonElement> Objects { get; }

    /// <summary>The schema validator's, one per object: apiVersion, kind, name, valid, errors.</summary>
    public IReadOnlyList<JsonElement> Results { get; }

    /// <summary>The schema validator's run (exit 0 only when every object is of a known kind and valid).</summary>
    public ProcessResult Validation { get; }

    /// <summary>Everything found wrong, by either check; empty when every object would be accepted.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static async Task<Rendered> ValidateAsync(string yamlStream)
    {
        var tools = await DeploymentTools.GetAsync();
        var run = await ProcessRun.RunAsync("node", [Path.Combine(tools.ValidatorDirectory, "validate.mjs")], ValidateTimeout,
            stdin: yamlStream, workingDirectory: tools.ValidatorDirectory);
        JsonDocument report;
        try
        {
            report = JsonDocument.Parse(run.Stdout);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException("the validator did not print its JSON report:\n" + run, ex);
        }

        var root = report.RootElement;
        var objects = root.GetProperty("documents").EnumerateArray().ToList();
        var results = root.GetProperty("results").EnumerateArray().ToList();
        var problems = results.Where(r => !r.GetProperty("valid").GetBoolean())
            .Select(r => $"{r.GetProperty("kind").GetString()} '{r.GetProperty("name").GetString()}': {string.Join("; ", r.GetProperty("errors").EnumerateArray())}")
            .Concat(objects.SelectMany(o => KubernetesChecks.Problems(o.GetRawText(), o)))
            .ToList();
        if (run.ExitCode != 0 && problems.Count == 0)
        {
            problems.Add("the schema validator failed:\n" + run);
        }

        return new Rendered(objects, results, run, problems);
    }

    public IEnumerable<JsonElement> OfKind(string kind) => Objects.Where(o => o.GetProperty("kind").GetString() == kind);

    public JsonElement Single(string kind, string name)
    {
        var matches = OfKind(kind).Where(o => o.GetProperty("metadata").GetProperty("name").GetString() == name).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind} {name}, found {matches.Count}; rendered: " +
            string.Join(", ", Objects.Select(o => $"{o.GetProperty("kind")}/{o.GetProperty("metadata").GetProperty("name")}")));
        return matches[0];
    }

    /// <summary>The silos' workload (StatefulSet or Deployment).</summary>
    public JsonElement Silos => Objects.Single(o => o.GetProperty("kind").GetString() is "StatefulSet" or "Deployment"
        && o.GetProperty("metadata").GetProperty("name").GetString() == Chart.FullName);
}

/// <summary>Reading the parts of a rendered workload that the tests look at.</summary>
public static class Workload
{
    public static JsonElement PodTemplate(JsonElement workload) => workload.GetProperty("spec").GetProperty("template");

    public static JsonElement Container(JsonElement workload, string name) =>
        PodTemplate(workload).GetProperty("spec").GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>The container's environment by name (each an EnvVar object).</summary>
    public static Dictionary<string, JsonElement> Env(JsonElement container) =>
        container.GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e);

    /// <summary>The literal value of a variable, or null when it comes from elsewhere (valueFrom).</summary>
    public static string? Value(JsonElement env) => env.TryGetProperty("value", out var value) ? value.GetString() : null;

    /// <summary>The downward-API field a variable comes from (fieldRef.fieldPath), or null.</summary>
    public static string? FieldPath(JsonElement env) =>
        env.TryGetProperty("valueFrom", out var from) && from.TryGetProperty("fieldRef", out var field) ? field.GetProperty("fieldPath").GetString() : null;

    /// <summary>The container port with that name.</summary>
    public static int Port(JsonElement container, string name) =>
        container.GetProperty("ports").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("containerPort").GetInt32();

    public static Dictionary<string, string> Labels(JsonElement metadataOwner) =>
        metadataOwner.GetProperty("metadata").GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
