using NodeManager.Deployment.Tests.Infrastructure;

namespace NodeManager.Deployment.Tests.Chart;

/// <summary>helm lint --strict and the Kubernetes schema, for the defaults and every values profile under ci/.</summary>
public sealed class ChartLintTests
{
    public static TheoryData<string> AllProfiles => new(["default", .. Infrastructure.Chart.Profiles]);

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public async Task Lint_Profile_PassesStrict(string profile)
    {
        var lint = await Infrastructure.Chart.HelmAsync(["lint", "--strict", Repo.Chart, .. Infrastructure.Chart.ProfileArgs(profile)]);

        Assert.True(lint.Succeeded, lint.ToString());
        Assert.Contains("0 chart(s) failed", lint.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public async Task Template_Profile_EveryObjectValidatesAgainstTheKubernetesSchema(string profile)
    {
        var rendered = await Infrastructure.Chart.RenderAsync(Infrastructure.Chart.ProfileArgs(profile));

        Assert.True(rendered.Problems.Count == 0, string.Join("\n", rendered.Problems));
        Assert.True(rendered.Validation.Succeeded, rendered.Validation.ToString());
        Assert.Equal(rendered.Objects.Count, rendered.Results.Count);
        Assert.Contains(rendered.Objects, o => o.GetProperty("kind").GetString() is "StatefulSet" or "Deployment");
    }

    [Fact]
    public async Task Checks_ObjectsOfTheWrongShape_AreEachRejectedNamingTheFault()
    {
        // The check above must be able to fail, on each kind of fault it claims to catch.
        const string broken = """
            apiVersion: v1
            kind: Service
            metadata:
              name: wrong-type
            spec:
              ports:
                - name: http
                  port: "eighty"
            ---
            apiVersion: example.com/v1
            kind: Unknown
            metadata:
              name: mystery
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: misspelt
            spec:
              selector:
                matchLabels: {app: x}
              template:
                metadata:
                  labels: {app: x}
                spec:
                  containers:
                    - name: c
                      image: x
                      livenesProbe: {}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: Bad_Name
              labels:
                orleans/clusterId: "not a label value"
            """;

        var rendered = await Rendered.ValidateAsync(broken);

        Assert.False(rendered.Validation.Succeeded, rendered.Validation.ToString());
        Assert.Contains(rendered.Problems, p => p.StartsWith("Service 'wrong-type'", StringComparison.Ordinal) && p.Contains("/spec/ports/0/port", StringComparison.Ordinal));
        Assert.Contains(rendered.Problems, p => p.StartsWith("Unknown 'mystery'", StringComparison.Ordinal));
        Assert.Contains(rendered.Problems, p => p.StartsWith("Deployment:", StringComparison.Ordinal) && p.Contains("livenesProbe", StringComparison.Ordinal));
        Assert.Contains(rendered.Problems, p => p.StartsWith("ConfigMap 'Bad_Name': not a valid name", StringComparison.Ordinal));
        Assert.Contains(rendered.Problems, p => p.Contains("orleans/clusterId=", StringComparison.Ordinal) && p.Contains("not a valid label value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Install_DryRun_PrintsNotesWithTheNextSteps()
    {
        var install = await Infrastructure.Chart.HelmAsync("install", Infrastructure.Chart.Release, Repo.Chart, "--namespace", Infrastructure.Chart.Namespace, "--dry-run=client");

        Assert.True(install.Succeeded, install.ToString());
        Assert.Contains("NOTES:", install.Stdout, StringComparison.Ordinal);
        Assert.Contains($"rollout status statefulset/{Infrastructure.Chart.FullName}", install.Stdout, StringComparison.Ordinal);
        Assert.Contains($"port-forward svc/{Infrastructure.Chart.FullName}-http", install.Stdout, StringComparison.Ordinal);
        Assert.Contains("This is a trial", install.Stdout, StringComparison.Ordinal);
    }
}
