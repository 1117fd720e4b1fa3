using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using NodeManager.Core.Errors;

namespace NodeManager.Server.Security;

/// <summary>
/// Authentication and authorization (DESIGN §8, docs/security.md): <c>builder.AddNodeManagerSecurity()</c> and
/// <c>app.UseNodeManagerSecurity()</c>. Operators' JWTs from ASP.NET Core's <c>Authentication:Schemes:Bearer</c>, agents'
/// node tokens and client certificates, Alcor's token or networks; one selector picks the scheme per request.
/// Without any of them the server runs open, on loopback only unless <c>NodeManager:Security:AllowAnonymous=true</c>.
/// </summary>
public static class SecurityHosting
{
    private const string Selector = "NodeManager";
    private const string BearerSection = "Authentication:Schemes:Bearer";

    public static WebApplicationBuilder AddNodeManagerSecurity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var section = configuration.GetSection(SecurityOptions.Section);
        var options = section.Get<SecurityOptions>() ?? new SecurityOptions();
        var mode = SecurityMode.From(configuration, options);
        Validate(configuration, options, mode);

        var services = builder.Services;
        services.Configure<SecurityOptions>(section);
        services.AddSingleton(mode);
        services.AddSingleton<AgentConfinement>();
        services.AddSingleton<ClientCertificates>();
        services.AddHostedService<SecurityStartupLog>();
        services.AddAuthorization(o => Policies.Add(o, mode.Enforced));
        services.AddSingleton<ServerCertificates>();
        services.AddSingleton<HeartbeatRateLimit>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            if (ServerCertificates.Configured(configuration))
            {
                var certificates = kestrel.ApplicationServices.GetRequiredService<ServerCertificates>();
                https.ServerCertificateSelector = (_, _) => certificates.Current();
            }

            if (mode.Certificates)
            {
                // Asked for, not required: operators on the same TLS endpoint have no client certificate. One from
                // another CA fails the handshake.
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (certificate, _, _) =>
                    kestrel.ApplicationServices.GetRequiredService<ClientCertificates>().Validate(certificate);
            }
        }));
        if (!mode.Enforced)
        {
            return builder;
        }

        var authentication = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "NodeManager", o => o.ForwardDefaultSelector = context => Select(context, mode));

        // Requests on the gRPC endpoint run on the root service provider (GrpcEndpointOnly: no DI scope per heartbeat
        // stream), where ASP.NET Core's scoped authentication services would be one instance for every request, and
        // the first request's result would be every later one's. Transient, each request gets its own handlers.
        services.Replace(ServiceDescriptor.Transient<IAuthenticationHandlerProvider, AuthenticationHandlerProvider>());
        services.Replace(ServiceDescriptor.Transient<IAuthenticationService, AuthenticationService>());
        if (mode.Bearer)
        {
            // ASP.NET Core binds the section itself (ValidIssuer(s), ValidAudience(s), SigningKeys, Authority, ...);
            // claims keep their JWT names, so roles come from `role` and the caller from `sub`.
            authentication.AddJwtBearer();
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = Roles.SubjectClaimType;
                o.TokenValidationParameters.RoleClaimType = Roles.ClaimType;
            });

            // A changed key or issuer in the configuration applies to the next request, without a restart.
            services.AddSingleton<IOptionsChangeTokenSource<JwtBearerOptions>>(
                new ConfigurationChangeTokenSource<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, configuration.GetSection(BearerSection)));
        }

        if (mode.NodeTokens)
        {
            authentication.AddJwtBearer(NodeTokenIssuer.Scheme, _ => { });
            services.AddSingleton<IConfigureOptions<JwtBearerOptions>, NodeTokenIssuer.ConfigureScheme>();
        }

        if (mode.Certificates)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, NodeCertificateHandler>(NodeCertificateHandler.SchemeName, null);
        }

        if (mode.Alcor)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, AlcorAccessHandler>(AlcorAccessHandler.SchemeName, null);
        }

        if (options.RateLimits.RequestsPerSecond > 0)
        {
            services.AddRateLimiter(o => RequestRateLimit.Configure(o, options.RateLimits));
        }

        return builder;
    }

    /// <summary>After routing, before the endpoints.</summary>
    public static IApplicationBuilder UseNodeManagerSecurity(this IApplicationBuilder app)
    {
        var mode = app.ApplicationServices.GetRequiredService<SecurityMode>();
        if (mode.Enforced)
        {
            app.UseAuthentication();
            if (app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value.RateLimits.RequestsPerSecond > 0)
            {
                app.UseRateLimiter(); // after authentication: the partition is the caller
            }
        }

        return app.UseAuthorization();
    }

    private static string Select(HttpContext context, SecurityMode mode)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            if (mode.NodeTokens && (!mode.Bearer || IssuerOf(authorization[7..].Trim()) == mode.NodeTokenIssuer))
            {
                return NodeTokenIssuer.Scheme;
            }

            return mode.Bearer ? JwtBearerDefaults.AuthenticationScheme : NodeTokenIssuer.Scheme;
        }

        if (mode.Certificates && context.Connection.ClientCertificate is not null)
        {
            return NodeCertificateHandler.SchemeName;
        }

        if (mode.Alcor && AlcorAccessHandler.Applies(context, context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.Alcor))
        {
            return AlcorAccessHandler.SchemeName;
        }

        return mode.Bearer ? JwtBearerDefaults.AuthenticationScheme
            : mode.NodeTokens ? NodeTokenIssuer.Scheme
            : NodeCertificateHandler.SchemeName;
    }

    /// <summary>The unverified <c>iss</c> of a JWT, only to pick the scheme that then verifies it.</summary>
    private static string? IssuerOf(string token)
    {
        try
        {
            return new JsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void Validate(IConfiguration configuration, SecurityOptions options, SecurityMode mode)
    {
        var problems = new List<string>();
        var bearer = configuration.GetSection(BearerSection);
        if (mode.Bearer && !bearer.GetSection("SigningKeys").GetChildren().Any() && string.IsNullOrWhiteSpace(bearer["Authority"]))
        {
            problems.Add($"{BearerSection} is set but has neither SigningKeys nor Authority: tokens could not be verified.");
        }

        if (mode.Bearer && string.IsNullOrWhiteSpace(bearer["ValidAudience"]) && !bearer.GetSection("ValidAudiences").GetChildren().Any())
        {
            problems.Add($"{BearerSection}:ValidAudiences is empty: every token would be refused; set the audience your tokens carry (e.g. ValidAudiences:0=nodemanager).");
        }

        NodeTokenIssuer.DecodeKey(options.NodeTokens.SigningKey, out var keyProblem);
        if (keyProblem is not null)
        {
            problems.Add(keyProblem);
        }

        if (mode.Certificates && !File.Exists(options.Agents.ClientCa))
        {
            problems.Add($"NodeManager:Security:Agents:ClientCa '{options.Agents.ClientCa}' does not exist (a PEM file of the CA that signs agents' certificates).");
        }

        problems.AddRange(AlcorAccessHandler.Validate(options.Alcor));
        problems.AddRange(SiloTls.Validate(configuration));
        if (options.RateLimits.RequestsPerSecond < 0 || options.RateLimits.Burst < 0 || options.RateLimits.HeartbeatsPerInterval < 0)
        {
            problems.Add("NodeManager:Security:RateLimits:RequestsPerSecond, Burst and HeartbeatsPerInterval must be 0 (off) or positive.");
        }

        if (!mode.Enforced && !options.AllowAnonymous && BindCheck.NonLoopback(configuration) is { Count: > 0 } open)
        {
            problems.Add($"the server would listen on {string.Join(", ", open)} without authentication. Configure " +
                $"{BearerSection} (docs/security.md), or bind loopback only, or set NodeManager:Security:AllowAnonymous=true " +
                "to run open on purpose.");
        }

        if (problems.Count > 0)
        {
            throw new StartupException("NodeManager security configuration is invalid:" + Environment.NewLine + "  - " +
                string.Join(Environment.NewLine + "  - ", problems));
        }
    }
}
