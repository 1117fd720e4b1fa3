using System.Net;

namespace NodeManager.Server.Security;

/// <summary>
/// Safe defaults (DESIGN §8): without authentication the server may listen on loopback only. Reads every address the
/// host will bind (<c>Kestrel:Endpoints:*:Url</c>, <c>urls</c> / <c>--urls</c> / <c>ASPNETCORE_URLS</c>,
/// <c>http_ports</c>/<c>https_ports</c>) and names the non-loopback ones.
/// </summary>
public static class BindCheck
{
    /// <summary>Each configured address that is not loopback, with the key it came from.</summary>
    public static IReadOnlyList<string> NonLoopback(IConfiguration configuration)
    {
        var found = new List<string>();
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url && !IsLoopback(url))
            {
                found.Add($"Kestrel:Endpoints:{endpoint.Key}:Url={url}");
            }
        }

        if (!configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!IsLoopback(url))
                {
                    found.Add($"urls={url}");
                }
            }

            foreach (var key in new[] { "http_ports", "https_ports" })
            {
                if (configuration[key] is { Length: > 0 } ports)
                {
                    found.Add($"{key}={ports} (every address)");
                }
            }
        }

        return found;
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1; a wildcard (<c>*</c>, <c>+</c>, 0.0.0.0, [::]) or any other name is not.</summary>
    public static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static string HostOf(string url)
    {
        var rest = url;
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            rest = rest[(scheme + 3)..];
        }

        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            rest = rest[..slash];
        }

        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            return close > 0 ? rest[1..close] : rest;
        }

        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }
}
