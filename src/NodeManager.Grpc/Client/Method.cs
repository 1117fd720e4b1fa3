using Google.Protobuf;

namespace NodeManager.Grpc;

/// <summary>A typed description of one remote method, reusable across calls and channels.</summary>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Method(string serviceName, string name, MessageParser<TResponse> responseParser, MethodType type = MethodType.Unary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(responseParser);
        ServiceName = serviceName;
        Name = name;
        ResponseParser = responseParser;
        Type = type;
        FullName = $"/{serviceName}/{name}";
    }

    public string ServiceName { get; }

    public string Name { get; }

    /// <summary><c>/{service}/{method}</c>, the HTTP/2 <c>:path</c>.</summary>
    public string FullName { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    public MethodType Type { get; }
}
