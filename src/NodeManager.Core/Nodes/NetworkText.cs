using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NodeManager.Core.Nodes;

/// <summary>Strict parsing and canonical forms of IP addresses, MAC addresses and hostnames.</summary>
public static class NetworkText
{
    /// <summary>Parses a dotted-quad IPv4 or an IPv6 address (no zone id); canonical text out.</summary>
    public static bool TryCanonicalIp(string text, out string canonical)
    {
        canonical = "";
        if (text.Length is 0 or > 45 || text.AsSpan().IndexOfAny("%[]/ ") >= 0)
        {
            return false;
        }

        if (text.Contains(':'))
        {
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            canonical = v6.ToString();
            return true;
        }

        // IPAddress.TryParse accepts "1", "1.2" and octal/hex forms; a node's IP must be a dotted quad.
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        canonical = text;
        return true;
    }

    /// <summary>Accepts aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff and aabbccddeeff.</summary>
    public static bool TryCanonicalMac(string text, out string canonical)
    {
        canonical = "";
        string hex;
        if (text.Length == 17 && (AllSeparators(text, ':') || AllSeparators(text, '-')))
        {
            hex = string.Concat(Enumerable.Range(0, 6).Select(i => text.Substring(i * 3, 2)));
        }
        else if (text.Length == 14 && text[4] == '.' && text[9] == '.')
        {
            hex = text.Replace(".", "", StringComparison.Ordinal);
        }
        else if (text.Length == 12)
        {
            hex = text;
        }
        else
        {
            return false;
        }

        if (hex.Length != 12 || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        hex = hex.ToLowerInvariant();
        canonical = string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2)));
        return true;
    }

    private static bool AllSeparators(string text, char separator)
    {
        for (var i = 2; i < text.Length; i += 3)
        {
            if (text[i] != separator)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 1123 hostname: dot-separated labels of 1–63 letters, digits and '-', not starting or ending with '-'.</summary>
    public static bool IsHostname(string text)
    {
        if (text.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in text.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        // RFC 1123 §2.1: a hostname is never dotted-decimal; an all-numeric last label means an IP was meant.
        var last = text[(text.LastIndexOf('.') + 1)..];
        return !last.All(char.IsAsciiDigit);
    }
}
