using System.Security.Cryptography.X509Certificates;

namespace NodeManager.Server.Security;

/// <summary>
/// The TLS certificate of every https endpoint from <c>Kestrel:Certificates:Default:Path</c> (PEM or PFX) and
/// <c>:KeyPath</c>/<c>:Password</c>, read again when a file changes: a renewed certificate applies to the next
/// handshake without a restart. Kestrel itself loads that section once at start.
/// </summary>
public sealed class ServerCertificates(IConfiguration configuration, ILogger<ServerCertificates> logger)
{
    public const string Section = "Kestrel:Certificates:Default";

    private readonly Lock _gate = new();
    private (DateTime Certificate, DateTime Key, X509Certificate2 Value)? _loaded;

    public static bool Configured(IConfiguration configuration) => configuration[$"{Section}:Path"] is { Length: > 0 };

    /// <summary>The current certificate (the previous one while a replaced file does not read whole).</summary>
    public X509Certificate2? Current()
    {
        var path = configuration[$"{Section}:Path"];
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var keyPath = configuration[$"{Section}:KeyPath"];
        lock (_gate)
        {
            try
            {
                var written = File.GetLastWriteTimeUtc(path);
                var keyWritten = keyPath is { Length: > 0 } ? File.GetLastWriteTimeUtc(keyPath) : default;
                if (_loaded is { } loaded && loaded.Certificate == written && loaded.Key == keyWritten)
                {
                    return loaded.Value;
                }

                var certificate = Load(path, keyPath, configuration[$"{Section}:Password"]);
                if (_loaded is not null)
                {
                    logger.LogInformation("TLS certificate reloaded from {Path}: {Subject}, valid until {NotAfter:u}", path, certificate.Subject, certificate.NotAfter);
                }

                _loaded = (written, keyWritten, certificate);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
            {
                logger.LogWarning("TLS certificate {Path} could not be read ({Reason}); keeping the previous one", path, ex.Message);
            }

            return _loaded?.Value;
        }
    }

    private static X509Certificate2 Load(string path, string? keyPath, string? password)
    {
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }

        var pem = X509Certificate2.CreateFromPemFile(path, keyPath is { Length: > 0 } ? keyPath : null);
        // SslStream on Linux wants the key in a form it can hand to OpenSSL: a PKCS#12 round trip gives it that.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
