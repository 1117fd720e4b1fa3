using System.Collections;

namespace NodeManager.Grpc;

/// <summary>
/// Custom gRPC headers or trailers: ordered (key, value) pairs with lowercase keys. Binary values use
/// keys ending in <c>-bin</c> and travel base64-encoded.
/// </summary>
public sealed class Metadata : IEnumerable<KeyValuePair<string, string>>
{
    /// <summary>Suffix of keys whose values are binary.</summary>
    public const string BinarySuffix = "-bin";

    private readonly List<KeyValuePair<string, string>> _entries = [];

    public int Count => _entries.Count;

    public KeyValuePair<string, string> this[int index] => _entries[index];

    /// <summary>Adds an ASCII value.</summary>
    public void Add(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _entries.Add(new(key.ToLowerInvariant(), value));
    }

    /// <summary>Adds a binary value; <paramref name="key"/> must end with <c>-bin</c>.</summary>
    public void Add(string key, ReadOnlySpan<byte> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Binary metadata keys must end with '{BinarySuffix}'.", nameof(key));
        }

        _entries.Add(new(key.ToLowerInvariant(), Convert.ToBase64String(value)));
    }

    /// <summary>The last value for <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i].Value;
            }
        }

        return null;
    }

    /// <summary>The last binary value for <paramref name="key"/>, or null.</summary>
    public byte[]? GetBinaryValue(string key)
    {
        var value = GetValue(key);
        if (value is null)
        {
            return null;
        }

        var padded = (value.Length % 4) switch
        {
            2 => value + "==",
            3 => value + "=",
            _ => value,
        };
        return Convert.FromBase64String(padded);
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
