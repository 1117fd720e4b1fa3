using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace NodeManager.Server.Ui;

/// <summary>
/// The dashboard's files (Ui/wwwroot, embedded in the server's assembly as <c>ui/...</c>): read once, each with its
/// content type and an ETag of its content. Nothing is fetched from elsewhere, so it works on an air-gapped network.
/// </summary>
public sealed class UiAssets
{
    private const string Prefix = "ui/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, UiAsset> _assets;

    public UiAssets()
    {
        var assembly = typeof(UiAssets).Assembly;
        var assets = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            assets[name[Prefix.Length..].Replace('\\', '/')] = Load(assembly, name);
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int Count => _assets.Count;

    /// <summary>The file at <paramref name="path"/> (relative to /ui/; empty = index.html), or null.</summary>
    public UiAsset? Find(string path) => _assets.GetValueOrDefault(path.Length == 0 ? "index.html" : path);

    private static UiAsset Load(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content), 0, 8) + "\"";
        return new UiAsset(content, type, etag);
    }
}

/// <summary>One file of the dashboard.</summary>
public sealed record UiAsset(byte[] Content, string ContentType, string ETag);
