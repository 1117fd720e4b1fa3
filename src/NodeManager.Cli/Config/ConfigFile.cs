using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace NodeManager.Cli.Config;

/// <summary>
/// nmctl's config file: YAML (or JSON, which YAML reads too) with the keys <c>server</c>, <c>token</c>, <c>output</c>
/// and <c>timeout</c>. Default path: <c>$XDG_CONFIG_HOME/nmctl/config.yaml</c>, else <c>~/.config/nmctl/config.yaml</c>
/// (then <c>config.json</c> beside it).
/// </summary>
public sealed class ConfigFile
{
    public static readonly string[] Keys = ["server", "token", "output", "timeout", "server-ca"];

    private ConfigFile(string? path, IReadOnlyDictionary<string, string> values)
    {
        Path = path;
        Values = values;
    }

    /// <summary>The file read; null when there was none.</summary>
    public string? Path { get; }

    public IReadOnlyDictionary<string, string> Values { get; }

    public string? this[string key] => Values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    public static ConfigFile Empty { get; } = new(null, new Dictionary<string, string>());

    /// <summary>The default locations, in the order they are tried.</summary>
    public static IEnumerable<string> DefaultPaths(Func<string, string?> environment)
    {
        var xdg = environment("XDG_CONFIG_HOME");
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var dir = !string.IsNullOrEmpty(xdg) ? System.IO.Path.Combine(xdg, "nmctl")
            : !string.IsNullOrEmpty(home) ? System.IO.Path.Combine(home, ".config", "nmctl")
            : null;
        if (dir is null)
        {
            yield break;
        }

        yield return System.IO.Path.Combine(dir, "config.yaml");
        yield return System.IO.Path.Combine(dir, "config.yml");
        yield return System.IO.Path.Combine(dir, "config.json");
    }

    /// <summary>
    /// Reads <paramref name="explicitPath"/> (which must exist) or the first default path that exists (none is fine).
    /// A file that cannot be read or holds an unknown key is a usage error naming the file.
    /// </summary>
    public static ConfigFile Load(string? explicitPath, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            if (!File.Exists(explicitPath))
            {
                throw Hosting.CliException.Usage($"config file {explicitPath} does not exist");
            }

            return Read(explicitPath);
        }

        var found = DefaultPaths(environment).FirstOrDefault(File.Exists);
        return found is null ? Empty : Read(found);
    }

    private static ConfigFile Read(string path)
    {
        Dictionary<string, object?>? raw;
        try
        {
            raw = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object?>>(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is YamlException or IOException or UnauthorizedAccessException)
        {
            throw Hosting.CliException.Usage($"config file {path}: {ex.Message}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in raw ?? [])
        {
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                throw Hosting.CliException.Usage($"config file {path}: unknown key '{key}' (known: {string.Join(", ", Keys)})");
            }

            if (value is not (null or string))
            {
                throw Hosting.CliException.Usage($"config file {path}: '{key}' must be a plain value");
            }

            values[key] = (string?)value ?? "";
        }

        return new ConfigFile(path, values);
    }
}
