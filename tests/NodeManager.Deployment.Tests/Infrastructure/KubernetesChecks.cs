using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;

namespace NodeManager.Deployment.Tests.Infrastructure;

/// <summary>
/// What the API server would refuse that no schema file says, checked without a cluster: fields the object's type does
/// not have (KubernetesClient's strict YAML decoding into its typed models, e.g. a misspelt <c>livenesProbe</c>), and
/// names and labels of the wrong syntax (the API's DNS-1123 and label rules).
/// </summary>
public static partial class KubernetesChecks
{
    /// <summary>API groups of custom resources: KubernetesClient has no types for them (the schema validator does).</summary>
    private static readonly string[] CustomGroups = ["monitoring.coreos.com/"];

    /// <summary>Every problem with one object (as YAML and as parsed), each starting with what it is about.</summary>
    public static IEnumerable<string> Problems(string yaml, JsonElement parsed)
    {
        var apiVersion = parsed.TryGetProperty("apiVersion", out var v) ? v.GetString() ?? "" : "";
        var kind = parsed.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "";
        if (!CustomGroups.Any(g => apiVersion.StartsWith(g, StringComparison.Ordinal)))
        {
            string? failure = null;
            try
            {
                KubernetesYaml.LoadAllFromString(yaml, strict: true);
            }
            catch (Exception ex)
            {
                failure = $"{kind}: not a valid {apiVersion} {kind} ({ex.GetBaseException().Message})";
            }

            if (failure is not null)
            {
                yield return failure;
            }
        }

        if (!parsed.TryGetProperty("metadata", out var metadata))
        {
            yield break;
        }

        var name = metadata.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
        var dns1035 = kind == "Service"; // Service names are DNS labels that start with a letter
        if (dns1035 ? !(name.Length <= 63 && Dns1035Label().IsMatch(name)) : !(name.Length <= 253 && Dns1123Subdomain().IsMatch(name)))
        {
            yield return $"{kind} '{name}': not a valid name ({(dns1035 ? "DNS-1035 label" : "DNS-1123 subdomain")})";
        }

        foreach (var labels in LabelMaps(parsed))
        {
            foreach (var label in labels.EnumerateObject())
            {
                if (!ValidLabelKey(label.Name))
                {
                    yield return $"{kind} '{name}': label key '{label.Name}' is not valid";
                }

                if (label.Value.ValueKind != JsonValueKind.String || !ValidLabelValue(label.Value.GetString()!))
                {
                    yield return $"{kind} '{name}': label {label.Name}={label.Value} is not a valid label value";
                }
            }
        }
    }

    public static bool ValidLabelKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        return (prefix is null || (prefix.Length <= 253 && Dns1123Subdomain().IsMatch(prefix))) && name.Length is > 0 and <= 63 && LabelName().IsMatch(name);
    }

    public static bool ValidLabelValue(string value) => value.Length <= 63 && (value.Length == 0 || LabelName().IsMatch(value));

    /// <summary>metadata.labels, and the pod template's and selectors' labels of workloads.</summary>
    private static IEnumerable<JsonElement> LabelMaps(JsonElement parsed)
    {
        if (parsed.GetProperty("metadata").TryGetProperty("labels", out var own))
        {
            yield return own;
        }

        if (parsed.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object)
        {
            if (spec.TryGetProperty("template", out var template) && template.TryGetProperty("metadata", out var tm) && tm.TryGetProperty("labels", out var podLabels))
            {
                yield return podLabels;
            }

            if (spec.TryGetProperty("selector", out var selector) && selector.ValueKind == JsonValueKind.Object)
            {
                yield return selector.TryGetProperty("matchLabels", out var match) ? match : selector;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelName();
}
