using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NodeManager.Server.Tests.Security;

/// <summary>Keys and JWTs made at run time for the security tests (no key is committed).</summary>
public sealed class Tokens
{
    public const string Issuer = "test-issuer";
    public const string Audience = "nodemanager";
    public const string NodeIssuer = "nodemanager-nodes";

    public byte[] OperatorKey { get; } = RandomNumberGenerator.GetBytes(32);

    public byte[] NodeKey { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>Server arguments: operators' tokens (ASP.NET Core's own Bearer section) and node tokens.</summary>
    public string[] ServerArgs =>
    [
        $"--Authentication:Schemes:Bearer:ValidIssuer={Issuer}",
        $"--Authentication:Schemes:Bearer:ValidAudiences:0={Audience}",
        $"--Authentication:Schemes:Bearer:SigningKeys:0:Issuer={Issuer}",
        $"--Authentication:Schemes:Bearer:SigningKeys:0:Value={Convert.ToBase64String(OperatorKey)}",
        $"--NodeManager:Security:NodeTokens:SigningKey={Convert.ToBase64String(NodeKey)}",
    ];

    /// <summary>An operator's token with <paramref name="role"/> (none when null).</summary>
    public string Operator(string? role, string subject = "alice", DateTime? expires = null, DateTime? notBefore = null, byte[]? key = null, string issuer = Issuer)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (role is not null)
        {
            claims["role"] = role;
        }

        return Sign(claims, issuer, Audience, key ?? OperatorKey, expires, notBefore);
    }

    /// <summary>A node token for <paramref name="nodeId"/> as <c>nmctl tokens issue</c> makes it.</summary>
    public string Node(Guid nodeId, byte[]? key = null, string role = "agent") =>
        Sign(new Dictionary<string, object> { ["sub"] = nodeId.ToString("D"), ["role"] = role }, NodeIssuer, null, key ?? NodeKey, null, null);

    /// <summary>An unsigned token (<c>alg: none</c>) claiming admin.</summary>
    public static string Unsigned(string role = "admin")
    {
        static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return B64("""{"alg":"none","typ":"JWT"}""") + "." + B64($$"""{"sub":"mallory","role":"{{role}}","iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{exp}}}""") + ".";
    }

    private static string Sign(Dictionary<string, object> claims, string issuer, string? audience, byte[] key, DateTime? expires, DateTime? notBefore)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = (notBefore ?? now.AddMinutes(-1)) < now ? now.AddMinutes(-1) : notBefore,
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
