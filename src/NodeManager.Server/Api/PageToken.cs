using System.Buffers.Text;
using System.Text;
using NodeManager.Core.Errors;
using NodeManager.Core.Nodes;

namespace NodeManager.Server.Api;

/// <summary>Opaque list cursor: the last id (or, for a node's history, revision) of the previous page, base64url-encoded.</summary>
public static class PageToken
{
    private const string Prefix = "n1:";
    private const string RevisionPrefix = "h1:";

    public static string EncodeRevision(long lastRevision) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(RevisionPrefix + lastRevision.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The revision a history page token carries; null for an empty token; INVALID_ARGUMENT naming page_token otherwise.</summary>
    public static long? DecodeRevision(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(RevisionPrefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(RevisionPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var revision))
            {
                return revision;
            }
        }
        catch (FormatException)
        {
        }

        throw NodeManagerException.Invalid("page_token", "is not a token this server issued (pass next_page_token from the previous response)");
    }

    public static string Encode(Guid lastId) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + lastId.ToString("D")));

    public static Guid? Decode(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && NodeId.TryParse(text[Prefix.Length..], out var id))
            {
                return id;
            }
        }
        catch (FormatException)
        {
        }

        throw NodeManagerException.Invalid("page_token", "is not a token this server issued (pass next_page_token from the previous response)");
    }
}
