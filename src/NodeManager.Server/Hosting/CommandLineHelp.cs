namespace NodeManager.Server.Hosting;

/// <summary><c>--help</c>: how to run the server and the configuration keys that matter.</summary>
public static class CommandLineHelp
{
    public static bool TryPrint(string[] args)
    {
        if (!args.Any(a => a is "--help" or "-h" or "-?"))
        {
            return false;
        }

        Console.WriteLine("""
            NodeManager server: node inventory and health for a data-center region.

            Usage: NodeManager.Server [--key=value ...]
            Every setting is a .NET configuration key, given as --Section:Key=value, as an
            environment variable Section__Key=value, or in appsettings.json.

              Kestrel:Endpoints:Http:Url       REST, the fleet dashboard /ui, /healthz, /readyz, /metrics, /openapi/v1.json, /dashboard (default http://localhost:5080)
              Kestrel:Endpoints:Grpc:Url       gRPC, HTTP/2 only (default http://localhost:5081)
              NodeManager:Storage:Provider     Sqlite (default) or Postgres
              NodeManager:Storage:Sqlite:Path  SQLite file (default data/nodemanager.db)
              ConnectionStrings:NodeManager    PostgreSQL connection string (Provider=Postgres)
              NodeManager:Import:File          node file imported all-or-nothing at start-up
              NodeManager:History:Retention    how long each node's history is kept (default 90.00:00:00; 00:00:00 = forever)
              Orleans:Clustering:ProviderType  absent: a standalone silo (default); Redis: a silo of a cluster (needs Postgres)
              Orleans:Clustering:ConnectionString  the cluster's Redis, host:port
              Orleans:ClusterId, Orleans:ServiceId  the cluster's identity (default nodemanager)
              Orleans:Endpoints:SiloPort       port silos talk on (default 11111; one per server on a machine)
              Orleans:Endpoints:AdvertisedIPAddress  address other silos reach this one at
              NodeManager:Kubernetes:Enabled   true: Orleans' Kubernetes hosting, for silos in pods (default false; the Helm chart sets it)
              NodeManager:Telemetry:OtlpEndpoint  OTLP collector for metrics, traces and logs (or OTEL_EXPORTER_OTLP_ENDPOINT); /metrics needs none
              Authentication:Schemes:Bearer:*  operators' JWTs: ValidIssuer, ValidAudiences:0, SigningKeys:0:Issuer/Value or Authority
              NodeManager:Security:NodeTokens:SigningKey  agents' node tokens (nmctl tokens key / tokens issue --node ID)
              NodeManager:Security:Agents:ClientCa        agents' client certificates (mutual TLS), PEM CA
              Kestrel:Certificates:Default:Path, :KeyPath TLS certificate of https:// endpoints, reloaded when the files change
              NodeManager:Security:AllowAnonymous         true: run without authentication on a non-loopback address
            Without authentication the server listens on loopback only (docs/security.md).
            Every key with its default: docs/configuration.md and docs/security.md.

            Examples:
              NodeManager.Server
              NodeManager.Server --NodeManager:Storage:Provider=Postgres --ConnectionStrings:NodeManager="Host=127.0.0.1;Username=nm;Password=nm;Database=nm"
              NodeManager.Server --NodeManager:Import:File=region-nodes.json
              NodeManager.Server --NodeManager:Storage:Provider=Postgres --ConnectionStrings:NodeManager="..." \
                --Orleans:Clustering:ProviderType=Redis --Orleans:Clustering:ConnectionString=redis:6379
            A cluster on this machine: eng/cluster.sh start 3
            """);
        return true;
    }
}
