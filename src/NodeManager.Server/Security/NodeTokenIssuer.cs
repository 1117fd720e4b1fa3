using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using NodeManager.Core.Nodes;

namespace NodeManager.Server.Security;

/// <summary>
/// Node tokens: JWTs signed with <c>NodeManager:Security:NodeTokens:SigningKey</c> (HMAC-SHA256), <c>iss</c> = the
/// configured issuer, <c>sub</c> = the node id, <c>role</c> = agent (<c>nmctl tokens issue --node ID</c> makes them).
/// The key is read through the options monitor at every validation, so a changed key applies without a restart.
/// </summary>
public static class NodeTokenIssuer
{
    public const string Scheme = "NodeToken";
    public const string DefaultIssuer = NodeManager.Contracts.Credentials.NodeCredentials.DefaultIssuer;

    /// <summary>The smallest key accepted: 256 bits, the size of the HMAC-SHA256 output.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>The key's bytes, or a problem with the configured value.</summary>
    public static byte[]? DecodeKey(string? base64, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        try
        {
            var key = Convert.FromBase64String(base64.Trim());
            if (key.Length >= MinKeyBytes)
            {
                return key;
            }

            problem = $"NodeManager:Security:NodeTokens:SigningKey is {key.Length} bytes; it must be at least {MinKeyBytes} (e.g. `openssl rand -base64 32`).";
        }
        catch (FormatException)
        {
            problem = "NodeManager:Security:NodeTokens:SigningKey is not base64 (e.g. `openssl rand -base64 32`).";
        }

        return null;
    }

    /// <summary>The JwtBearer scheme validating node tokens against the current key.</summary>
    internal sealed class ConfigureScheme(IOptionsMonitor<SecurityOptions> security) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != Scheme)
            {
                return;
            }

            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                IssuerValidator = (issuer, _, _) => issuer == security.CurrentValue.NodeTokens.Issuer
                    ? issuer
                    : throw new SecurityTokenInvalidIssuerException($"issuer '{issuer}' is not the node token issuer"),
                ValidateAudience = false,
                ValidateLifetime = true,
                RequireExpirationTime = false, // a node token may live as long as the node; rotate the key to revoke
                ValidateIssuerSigningKey = true,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                IssuerSigningKeyResolver = (_, _, _, _) =>
                    DecodeKey(security.CurrentValue.NodeTokens.SigningKey, out _) is { } key ? [new SymmetricSecurityKey(key)] : [],
                NameClaimType = Roles.SubjectClaimType,
                RoleClaimType = Roles.ClaimType,
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    // A node token names one node and grants nothing but the agent role.
                    var principal = context.Principal;
                    var roles = principal?.FindAll(Roles.ClaimType).Select(c => c.Value).ToList() ?? [];
                    if (roles is not [Roles.Agent] || !NodeId.TryParse(principal!.FindFirst(Roles.SubjectClaimType)?.Value, out _))
                    {
                        context.Fail("a node token must carry role 'agent' only and a node id as 'sub'");
                    }

                    return Task.CompletedTask;
                },
            };
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }

    /// <summary>A principal for the agent of <paramref name="nodeId"/> (certificate schemes build theirs with it).</summary>
    public static ClaimsPrincipal AgentPrincipal(Guid nodeId, string authenticationType) =>
        new(new ClaimsIdentity(
            [new Claim(Roles.SubjectClaimType, nodeId.ToString("D")), new Claim(Roles.ClaimType, Roles.Agent)],
            authenticationType, Roles.SubjectClaimType, Roles.ClaimType));
}
