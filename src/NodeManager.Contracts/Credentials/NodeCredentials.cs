using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace NodeManager.Contracts.Credentials;

/// <summary>
/// What names a node in an agent's credential (DESIGN §8): a node token's <c>sub</c>, or a client certificate's SAN
/// URI <c>urn:nodemanager:node:&lt;id&gt;</c> (or a SAN DNS name whose first label is the id). Node tokens are HS256
/// JWTs with <c>iss</c>, <c>sub</c> = node id, <c>role</c> = agent, <c>iat</c> and an optional <c>exp</c>.
/// </summary>
public static class NodeCredentials
{
    public const string NodeUriPrefix = "urn:nodemanager:node:";
    public const string DefaultIssuer = "nodemanager-nodes";

    /// <summary>A signed JWT (HS256) with the given claims; <paramref name="expires"/> null = no <c>exp</c>.</summary>
    public static string CreateToken(byte[] key, IReadOnlyDictionary<string, object> claims, DateTimeOffset now, DateTimeOffset? expires)
    {
        var payload = new Dictionary<string, object>(claims) { ["iat"] = now.ToUnixTimeSeconds(), ["nbf"] = now.ToUnixTimeSeconds() };
        if (expires is { } exp)
        {
            payload["exp"] = exp.ToUnixTimeSeconds();
        }

        var unsigned = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        return unsigned + "." + Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(unsigned)));
    }

    /// <summary>A node token for <paramref name="nodeId"/> (<c>nmctl tokens issue --node</c>).</summary>
    public static string CreateNodeToken(byte[] key, Guid nodeId, string issuer, DateTimeOffset now, DateTimeOffset? expires) =>
        CreateToken(key, new Dictionary<string, object> { ["iss"] = issuer, ["sub"] = nodeId.ToString("D"), ["role"] = "agent" }, now, expires);

    /// <summary>The node a token's <c>sub</c> names, read without checking the signature (the server checks it).</summary>
    public static Guid? NodeIdOfToken(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(Base64UrlDecode(parts[1]));
            return json.RootElement.TryGetProperty("sub", out var sub) && Guid.TryParse(sub.GetString(), out var id) ? id : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The node a certificate's subject alternative names name, or null.</summary>
    public static Guid? NodeIdOfCertificate(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 6 or 2)
                {
                    var name = names.ReadCharacterString(UniversalTagNumber.IA5String, tag);
                    var candidate = tag.TagValue == 6
                        ? name.StartsWith(NodeUriPrefix, StringComparison.OrdinalIgnoreCase) ? name[NodeUriPrefix.Length..] : null
                        : name.Split('.')[0];
                    if (Guid.TryParse(candidate, out var id))
                    {
                        return id;
                    }
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }

        return null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
