using System.Globalization;
using System.Net.Sockets;
using System.Text;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Cluster;

/// <summary>
/// Just enough RESP2 to read what Orleans' Redis membership wrote, without a Redis client package: one
/// command per connection, sent as an array of bulk strings; the reply is a string, a long, null or an
/// <c>object?[]</c>. Every call ends within <see cref="TestTimeout.Default"/>.
/// </summary>
public static class Resp
{
    public static async Task<object?> CallAsync(string endpoint, params string[] command)
    {
        var separator = endpoint.LastIndexOf(':');
        if (separator <= 0)
        {
            throw new ArgumentException($"'{endpoint}' is not host:port", nameof(endpoint));
        }

        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint[..separator].Trim('[', ']'), int.Parse(endpoint[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture), timeout.Token);
        await using var stream = new BufferedStream(client.GetStream());
        await stream.WriteAsync(Encode(command), timeout.Token);
        await stream.FlushAsync(timeout.Token);
        return await ReadAsync(stream, timeout.Token);
    }

    /// <summary><c>HKEYS key</c>: the fields of a hash (none when there is no such key).</summary>
    public static async Task<IReadOnlyList<string>> HashKeysAsync(string endpoint, string key) =>
        [.. ((object?[])(await CallAsync(endpoint, "HKEYS", key))!).Cast<string>()];

    /// <summary><c>HGETALL key</c>: a hash's fields and values.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> HashAsync(string endpoint, string key)
    {
        var flat = (object?[])(await CallAsync(endpoint, "HGETALL", key))!;
        return Enumerable.Range(0, flat.Length / 2).ToDictionary(i => (string)flat[2 * i]!, i => (string)flat[2 * i + 1]!);
    }

    private static byte[] Encode(string[] command)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"*{command.Length}\r\n");
        foreach (var part in command)
        {
            text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<object?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(stream, cancellationToken);
        var payload = line[1..];
        switch (line[0])
        {
            case '+':
                return payload;
            case '-':
                throw new InvalidOperationException($"Redis answered an error: {payload}");
            case ':':
                return long.Parse(payload, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(payload, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var bytes = new byte[length + 2]; // and its CRLF
                await stream.ReadExactlyAsync(bytes, cancellationToken);
                return Encoding.UTF8.GetString(bytes, 0, length);
            case '*':
                var count = int.Parse(payload, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadAsync(stream, cancellationToken);
                }

                return items;
            default:
                throw new InvalidDataException($"not a RESP reply: '{line}'");
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 64 * 1024)
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            if (one[0] == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                return Encoding.UTF8.GetString(line.ToArray(), 0, line.Count - 1);
            }

            line.Add(one[0]);
        }

        throw new InvalidDataException("a RESP line longer than 64 KiB");
    }
}
