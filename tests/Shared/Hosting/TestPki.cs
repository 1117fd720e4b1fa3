using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NodeManager.Testing;

/// <summary>
/// A throwaway PKI made at run time (nothing committed): a CA, a server certificate for 127.0.0.1/localhost and node
/// client certificates with the SAN URI <c>urn:nodemanager:node:&lt;id&gt;</c>, written as PEM files to a folder.
/// </summary>
public sealed class TestPki
{
    private readonly string _folder;

    public TestPki(string folder, string name = "ca")
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=NodeManager test {name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Path.Combine(folder, name + ".pem");
        File.WriteAllText(CaFile, Ca.ExportCertificatePem());
    }

    public X509Certificate2 Ca { get; }

    /// <summary>The CA's certificate, PEM.</summary>
    public string CaFile { get; }

    /// <summary>A server certificate for 127.0.0.1 and localhost: (certificate file, key file).</summary>
    public (string Certificate, string Key) Server(string name = "server")
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        return Issue(name, san, serverAuth: true);
    }

    /// <summary>A silo's certificate (server and client use, for 127.0.0.1): (certificate file, key file).</summary>
    public (string Certificate, string Key) Silo(string name)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        return Issue(name, san, serverAuth: true, clientAuth: true);
    }

    /// <summary>A client certificate naming <paramref name="nodeId"/> in a SAN URI: (certificate file, key file).</summary>
    public (string Certificate, string Key) Node(Guid nodeId, string? name = null)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri($"urn:nodemanager:node:{nodeId:D}"));
        return Issue(name ?? "node-" + nodeId.ToString("N"), san, serverAuth: false);
    }

    private (string Certificate, string Key) Issue(string name, SubjectAlternativeNameBuilder san, bool serverAuth, bool clientAuth = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection();
        usages.Add(new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2"));
        if (clientAuth)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        using var certificate = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), RandomNumberGenerator.GetBytes(16));
        var certificateFile = Path.Combine(_folder, name + ".crt");
        var keyFile = Path.Combine(_folder, name + ".key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }
}
