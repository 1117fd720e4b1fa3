using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Metrics;

/// <summary>
/// A <c>/metrics</c> page as Prometheus reads it: parsed by the Prometheus project's own Python client
/// (<c>prometheus_client.parser</c> for the text format, <c>prometheus_client.openmetrics.parser</c> for OpenMetrics),
/// which rejects what a scraper would. Debian's <c>python3-prometheus-client</c>; eng/test.sh installs it.
/// <c>NODEMANAGER_TEST_PYTHON</c> names another interpreter that has the module.
/// </summary>
public sealed class PrometheusScrape
{
    public const string OpenMetricsType = "application/openmetrics-text; version=1.0.0";

    /// <summary>Reads stdin, prints the families as JSON: name, type, unit, samples (name, labels, value).</summary>
    private const string Parser = """
        import json, math, sys
        text = sys.stdin.read()
        if sys.argv[1] == "openmetrics":
            from prometheus_client.openmetrics.parser import text_string_to_metric_families
        else:
            from prometheus_client.parser import text_string_to_metric_families
        families = [{"name": f.name, "type": f.type, "unit": getattr(f, "unit", ""),
                     "samples": [{"name": s.name, "labels": s.labels, "value": None if math.isnan(s.value) else s.value} for s in f.samples]}
                    for f in text_string_to_metric_families(text)]
        json.dump(families, sys.stdout)
        """;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private PrometheusScrape(IReadOnlyList<MetricFamily> families) => Families = families;

    public IReadOnlyList<MetricFamily> Families { get; }

    public IEnumerable<Sample> Samples => Families.SelectMany(f => f.Samples);

    /// <summary>Scrapes <c>/metrics</c>, in the Prometheus text format or (asked for in Accept) OpenMetrics, and parses it.</summary>
    public static async Task<PrometheusScrape> GetAsync(HttpClient client, bool openMetrics = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (openMetrics)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(OpenMetricsType));
        }

        using var response = await client.SendAsync(request).WaitAsync(TestTimeout.Default);
        response.EnsureSuccessStatusCode();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        Assert.Equal(openMetrics ? "application/openmetrics-text" : "text/plain", mediaType);
        return await ParseAsync(await response.Content.ReadAsStringAsync(), openMetrics);
    }

    public static async Task<PrometheusScrape> ParseAsync(string text, bool openMetrics = false)
    {
        var python = Environment.GetEnvironmentVariable("NODEMANAGER_TEST_PYTHON") is { Length: > 0 } configured ? configured : "/usr/bin/python3";
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Parser);
        start.ArgumentList.Add(openMetrics ? "openmetrics" : "text");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{python} did not start");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(text);
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TestTimeout.Default);
            if (process.ExitCode != 0)
            {
                throw new Xunit.Sdk.XunitException(
                    $"the Prometheus parser ({python}, prometheus_client; apt-get install python3-prometheus-client) rejected the page " +
                    $"(exit {process.ExitCode}):\n{await error}\n--- page ---\n{text}");
            }

            return new PrometheusScrape(JsonSerializer.Deserialize<List<MetricFamily>>(await output, JsonOptions)!);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    public MetricFamily Family(string name) =>
        Families.SingleOrDefault(f => f.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"no metric family {name}; there are: {string.Join(", ", Families.Select(f => f.Name))}");

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels are exactly <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var matching = Samples.Where(s => s.Name == name && s.Labels.Count == labels.Length
            && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        return matching.Count == 1
            ? matching[0].Value ?? double.NaN
            : throw new Xunit.Sdk.XunitException($"{matching.Count} samples {name}{{{string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}}; " +
                $"samples of that name: {string.Join("; ", Samples.Where(s => s.Name == name).Select(s => s.ToString()))}");
    }

    public sealed record MetricFamily(string Name, string Type, string? Unit, IReadOnlyList<Sample> Samples);

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double? Value)
    {
        public override string ToString() =>
            $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value?.ToString(CultureInfo.InvariantCulture) ?? "NaN"}";
    }
}
