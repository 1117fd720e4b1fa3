using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using Orleans;
using Orleans.Runtime;

namespace NodeManager.Server.Tests.Security;

/// <summary>
/// Silo-to-silo TLS (NodeManager:Security:Silo): two silos with certificates of one CA form a cluster; the silo port
/// speaks TLS and refuses a certificate of another CA at the handshake.
/// </summary>
[RequiresPostgres]
public sealed class SiloTlsTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly List<ServerInstance> _servers = [];
    private readonly string _clusterId = "silotls-" + Guid.NewGuid().ToString("N")[..12];
    private TestStore _store = null!;
    private TestPki _pki = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(postgres: true);
        _pki = new TestPki(_dir.File("pki"));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in Enumerable.Reverse(_servers))
        {
            await server.DisposeAsync();
        }

        await _store.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<ServerInstance> StartSiloAsync(string name)
    {
        var certificate = _pki.Silo(name);
        var server = await ServerInstance.StartAsync(_store.Args,
        [
            .. ClusterArgs.For(RedisTestEnvironment.RequireEndpoint(), _clusterId),
            $"--NodeManager:Security:Silo:Certificate={certificate.Certificate}",
            $"--NodeManager:Security:Silo:Key={certificate.Key}",
            $"--NodeManager:Security:Silo:Ca={_pki.CaFile}",
        ]);
        _servers.Add(server);
        return server;
    }

    [StoreFact]
    public async Task TwoSilosWithCertificatesOfOneCa_FormACluster_SiloPortRefusesAnotherCa()
    {
        var first = await StartSiloAsync("silo-1");
        await StartSiloAsync("silo-2");

        var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        while ((await management.GetHosts(onlyActive: true)).Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second silo did not join");
            await Task.Delay(200);
        }

        var port = int.Parse(first.Services.GetRequiredService<IConfiguration>()["Orleans:Endpoints:SiloPort"]!, System.Globalization.CultureInfo.InvariantCulture);
        var own = _pki.Silo("probe");
        Assert.True(await HandshakeAsync(port, own), "a certificate of the silos' CA completes the TLS handshake");
        var stranger = new TestPki(_dir.File("stranger"), "stranger").Silo("stranger");
        Assert.False(await HandshakeAsync(port, stranger, trust: _pki.Ca), "a certificate of another CA is refused");
    }

    /// <summary>A TLS handshake with the silo port, presenting <paramref name="client"/>; false when either side refuses.</summary>
    private async Task<bool> HandshakeAsync(int port, (string Certificate, string Key) client, X509Certificate2? trust = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port).WaitAsync(TestTimeout.Default);
        await using var tls = new SslStream(tcp.GetStream());
        var certificate = X509CertificateLoader.LoadPkcs12(X509Certificate2.CreateFromPemFile(client.Certificate, client.Key).Export(X509ContentType.Pkcs12), null);
        var ca = trust ?? _pki.Ca;
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ClientCertificates = [certificate],
                RemoteCertificateValidationCallback = (_, remote, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return remote is not null && chain.Build(new X509Certificate2(remote));
                },
            }).WaitAsync(TestTimeout.Default);

            // TLS 1.3: the server checks the client's certificate after the client finished; a refusal shows on the first read.
            var buffer = new byte[1];
            var read = tls.ReadAsync(buffer).AsTask();
            var first = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(2)));
            return first != read || !read.IsFaulted && read.Result > 0;
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
        {
            return false;
        }
    }
}
