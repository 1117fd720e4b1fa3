using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Server.Security;

namespace NodeManager.Server.Tests.Security;

/// <summary>
/// Every REST route and gRPC method of the running server declares one of <see cref="Policies"/> (or is anonymous on
/// purpose). Found at run time from the endpoint data source, so a route added later without a policy fails here.
/// </summary>
public sealed class RoutePolicyTests : SecuredServerTestBase
{
    protected override string[] ExtraArgs => ["--NodeManager:Dashboard:Enabled=true"];

    /// <summary>gRPC's catch-alls for unknown services and methods: no handler of ours, covered by the fallback policy.</summary>
    private static bool IsGrpcUnimplemented(Endpoint endpoint) =>
        endpoint.DisplayName?.StartsWith("gRPC - Unimplemented", StringComparison.Ordinal) == true;

    /// <summary>The endpoints that declare no known policy and are not anonymous on purpose, by name.</summary>
    public static List<string> Undeclared(EndpointDataSource source) =>
        source.Endpoints
            .Where(e => !IsGrpcUnimplemented(e))
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e =>
            {
                var declared = e.Metadata.GetOrderedMetadata<IAuthorizeData>();
                return declared.Count == 0 || declared.Any(d => d.Policy is null || !Policies.All.Contains(d.Policy));
            })
            .Select(e => e.DisplayName ?? e.ToString()!)
            .ToList();

    [Fact]
    public void EveryRouteAndGrpcMethod_DeclaresAPolicy()
    {
        var source = Server.Services.GetRequiredService<EndpointDataSource>();
        Assert.Empty(Undeclared(source));

        // Not vacuous: the REST routes, every method of our gRPC services, the dashboard and the probes are there.
        var endpoints = source.Endpoints;
        var grpc = endpoints.Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()).OfType<GrpcMethodMetadata>().ToList();
        foreach (var descriptor in new[]
        {
            NodeManager.Contracts.V1.NodeService.Descriptor, NodeManager.Contracts.V1.HealthService.Descriptor,
            NodeManager.Contracts.V1.LifecycleService.Descriptor, NodeManager.Contracts.V1.ReservationService.Descriptor,
            NodeManager.Contracts.N0stack.Pool.NodeService.Descriptor,
        })
        {
            foreach (var method in descriptor.Methods)
            {
                Assert.Contains(grpc, m => m.Method.ServiceName == descriptor.FullName && m.Method.Name == method.Name);
            }
        }

        Assert.Contains(grpc, m => m.Method.ServiceName == "grpc.health.v1.Health");
        var routes = endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToList();
        Assert.Contains("/v1/nodes", routes);
        Assert.Contains("/metrics", routes);
        Assert.Contains(routes, r => r?.StartsWith("/dashboard", StringComparison.Ordinal) == true);
        Assert.True(endpoints.Count > 60, $"only {endpoints.Count} endpoints found");
    }

    [Fact]
    public void Policies_WhenEnforced_RequireTheRolesOfDesign()
    {
        var options = Server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;
        Assert.NotNull(options.FallbackPolicy);
        foreach (var name in Policies.All)
        {
            Assert.Contains(options.GetPolicy(name)!.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement);
        }
    }

    [Fact]
    public async Task Undeclared_FindsARouteWithoutPolicy()
    {
        // The check itself can fail: a host with one route that declares a policy and one that does not.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRouting();
        builder.Services.AddAuthorization(o => Policies.Add(o, enforced: true));
        await using var app = builder.Build();
        app.MapGet("/declared", () => "ok").RequireAuthorization(Policies.Viewer);
        app.MapGet("/open", () => "ok").AllowAnonymous();
        app.MapGet("/forgotten", () => "ok");
        app.MapGet("/unknown-policy", () => "ok").RequireAuthorization("made-up");
        var undeclared = Undeclared(((IEndpointRouteBuilder)app).DataSources.First());
        Assert.Equal(2, undeclared.Count);
        Assert.Contains(undeclared, u => u.Contains("/forgotten", StringComparison.Ordinal));
        Assert.Contains(undeclared, u => u.Contains("/unknown-policy", StringComparison.Ordinal));
    }
}
