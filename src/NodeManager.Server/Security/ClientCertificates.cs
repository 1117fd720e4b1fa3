using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace NodeManager.Server.Security;

/// <summary>
/// Agents' client certificates: checked at the TLS handshake against the CA in <c>NodeManager:Security:Agents:ClientCa</c>
/// (a PEM file, re-read when it changes: a rotated CA applies to the next connection). The node they name:
/// <see cref="NodeManager.Contracts.Credentials.NodeCredentials.NodeIdOfCertificate"/>.
/// </summary>
public sealed class ClientCertificates(IOptionsMonitor<SecurityOptions> security, ILogger<ClientCertificates> logger)
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly Lock _gate = new();
    private (string Path, DateTime Written, X509Certificate2Collection Roots)? _loaded;

    /// <summary>True when the certificate chains to the configured CA and may authenticate a client.</summary>
    public bool Validate(X509Certificate2 certificate)
    {
        var roots = Roots();
        if (roots is null || roots.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthentication));
        var valid = chain.Build(certificate);
        if (!valid)
        {
            logger.LogWarning("Client certificate {Subject} refused: {Status}", certificate.Subject,
                string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
        }

        return valid;
    }

    private X509Certificate2Collection? Roots()
    {
        var path = security.CurrentValue.Agents.ClientCa;
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        DateTime written;
        try
        {
            written = File.GetLastWriteTimeUtc(path);
        }
        catch (IOException)
        {
            return _loaded?.Roots;
        }

        lock (_gate)
        {
            if (_loaded is { } loaded && loaded.Path == path && loaded.Written == written)
            {
                return loaded.Roots;
            }

            try
            {
                var roots = new X509Certificate2Collection();
                roots.ImportFromPemFile(path);
                _loaded = (path, written, roots);
                logger.LogInformation("Agents' client CA loaded from {Path} ({Count} certificate(s))", path, roots.Count);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException)
            {
                // Half-written while being replaced: keep the previous CA until the file reads whole.
                logger.LogWarning("Agents' client CA {Path} could not be read ({Reason}); keeping the previous one", path, ex.Message);
            }

            return _loaded?.Roots;
        }
    }
}
