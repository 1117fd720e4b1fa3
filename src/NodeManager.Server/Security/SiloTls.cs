using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace NodeManager.Server.Security;

/// <summary>
/// Silo-to-silo TLS (Microsoft.Orleans.Connections.Security), off unless <c>NodeManager:Security:Silo:Certificate</c> is
/// set: every silo presents its certificate and requires the other's, both signed by the CA in
/// <c>NodeManager:Security:Silo:Ca</c> (silos reach each other by IP, so the name is not checked; the CA is the trust).
/// Every silo of a cluster needs it on, or none.
/// </summary>
public static class SiloTls
{
    public const string Section = "NodeManager:Security:Silo";

    public static ISiloBuilder UseNodeManagerSiloTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section["Certificate"] is not { Length: > 0 } certificatePath)
        {
            return silo;
        }

        var certificate = X509CertificateLoader.LoadPkcs12(
            X509Certificate2.CreateFromPemFile(certificatePath, section["Key"] is { Length: > 0 } key ? key : null).Export(X509ContentType.Pkcs12), null);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(section["Ca"]!);
        return silo.UseTls(certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = (remote, _, _) => ChainsTo(remote, roots);
        });
    }

    /// <summary>Problems with the section, for the start-up check.</summary>
    public static IEnumerable<string> Validate(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section["Certificate"] is not { Length: > 0 } certificate)
        {
            yield break;
        }

        foreach (var (key, path) in new[] { ("Certificate", certificate), ("Key", section["Key"]), ("Ca", section["Ca"]) })
        {
            if (key == "Key" && string.IsNullOrEmpty(path))
            {
                continue; // the key may be in the certificate's file
            }

            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                yield return $"{Section}:{key} '{path}' does not exist (PEM; silo TLS needs Certificate and Ca).";
            }
        }
    }

    private static bool ChainsTo(X509Certificate2 remote, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(remote);
    }
}
