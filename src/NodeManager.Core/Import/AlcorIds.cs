using System.Security.Cryptography;
using System.Text;

namespace NodeManager.Core.Import;

/// <summary>
/// Alcor's node ids are free text. One that is not a UUID becomes a name-based UUID (RFC 4122 version 5, SHA-1, in
/// NodeManager's own namespace): the same every time, wherever it is computed (the server's import and Alcor API,
/// nmctl's import), and the Alcor id itself is kept in the label <see cref="IdLabel"/>.
/// </summary>
public static class AlcorIds
{
    public const string IdLabel = "alcor-node-id";

    private static readonly Guid Namespace = new("5c3bd8a4-9f4e-4d7b-9a52-0b8f4f0e6a11");

    public static Guid NameBased(string alcorId)
    {
        var input = Namespace.ToByteArray(bigEndian: true).Concat(Encoding.UTF8.GetBytes(alcorId)).ToArray();
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
