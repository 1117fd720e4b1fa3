using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;

namespace NodeManager.Testing;

/// <summary>
/// Web hosts of tests on loopback ports. For test projects that host ASP.NET Core (with TestTimeout.cs):
/// <c>&lt;Compile Include="../Shared/Hosting/*.cs" LinkBase="Shared/Hosting" /&gt;</c>.
/// </summary>
public static class LoopbackHost
{
    private const int Attempts = 5;

    /// <summary>A loopback port that was free a moment ago (Kestrel's port 0 would not say which endpoint got which port).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A NodeManager server's endpoints on loopback (REST/HTTP 1.1 and 2 at <paramref name="http"/>, gRPC at
    /// <paramref name="grpc"/>, its silo on a free port), logging warnings only.
    /// </summary>
    public static string[] ServerArgs(Uri http, Uri grpc) =>
    [
        $"--Kestrel:Endpoints:Http:Url={http}",
        $"--Kestrel:Endpoints:Grpc:Url={grpc}",
        "--Kestrel:Endpoints:Grpc:Protocols=Http2",
        $"--Orleans:Endpoints:SiloPort={FreePort()}",
        "--Logging:LogLevel:Default=Warning",
    ];

    /// <summary>Kestrel's bind failure, or the silo's (a socket error somewhere in the chain).</summary>
    private static bool IsAddressInUse(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is AddressInUseException || ex is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }

            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAddressInUse))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Starts the host that <paramref name="build"/> makes on ports it picks, and returns it with what it picked.
    /// A port free a moment ago may be taken by a test running in parallel before Kestrel binds it: the host is
    /// then disposed and built again, on new ports.
    /// </summary>
    public static async Task<(WebApplication App, T Picked)> StartAsync<T>(Func<(WebApplication App, T Picked)> build)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (app, picked) = build();
            try
            {
                await app.StartAsync().WaitAsync(TestTimeout.Default);
                return (app, picked);
            }
            catch (Exception ex) when (attempt < Attempts && IsAddressInUse(ex))
            {
                await app.DisposeAsync();
            }
        }
    }
}
