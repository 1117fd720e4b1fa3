using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace NodeManager.Contracts.Credentials;

/// <summary>
/// TLS for a client's <see cref="SocketsHttpHandler"/>: the server's certificate checked against a CA file (instead of
/// the system's store) and a client certificate from PEM files, both read again when their files change, so rotated
/// certificates apply to the next connection without a restart.
/// </summary>
public sealed class ClientTls(string? serverCa, string? clientCertificate, string? clientKey)
{
    private readonly Lock _gate = new();
    private (DateTime Written, X509Certificate2Collection Roots)? _ca;
    private (DateTime Written, X509Certificate2 Certificate)? _client;

    /// <summary>The node the client certificate names, or null (no certificate, or none named).</summary>
    public Guid? NodeId => ClientCertificate() is { } certificate ? NodeCredentials.NodeIdOfCertificate(certificate) : null;

    public void Apply(SocketsHttpHandler handler)
    {
        if (serverCa is { Length: > 0 })
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && ValidateServer(new X509Certificate2(certificate), errors);
        }

        if (clientCertificate is { Length: > 0 })
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => ClientCertificate()!;
        }
    }

    private bool ValidateServer(X509Certificate2 certificate, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || Roots() is not { } roots)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private X509Certificate2Collection? Roots()
    {
        lock (_gate)
        {
            var written = File.GetLastWriteTimeUtc(serverCa!);
            if (_ca is not { } ca || ca.Written != written)
            {
                var roots = new X509Certificate2Collection();
                roots.ImportFromPemFile(serverCa!);
                _ca = (written, roots);
            }

            return _ca.Value.Roots;
        }
    }

    private X509Certificate2? ClientCertificate()
    {
        if (clientCertificate is not { Length: > 0 })
        {
            return null;
        }

        lock (_gate)
        {
            var written = File.GetLastWriteTimeUtc(clientCertificate);
            if (_client is not { } client || client.Written != written)
            {
                var pem = X509Certificate2.CreateFromPemFile(clientCertificate, clientKey is { Length: > 0 } ? clientKey : null);
                // SslStream on Linux wants the key in a form it can hand to OpenSSL: a PKCS#12 round trip gives it that.
                _client = (written, X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
            }

            return _client.Value.Certificate;
        }
    }
}
