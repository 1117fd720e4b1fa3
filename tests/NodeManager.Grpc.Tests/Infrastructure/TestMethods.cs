using NodeManager.Grpc.Tests.Protos;

namespace NodeManager.Grpc.Tests.Infrastructure;

/// <summary>Client-side descriptors of the test service.</summary>
internal static class TestMethods
{
    public const string Service = "nodemanager.test.v1.TestService";

    public static readonly Method<EchoRequest, EchoResponse> Echo = new(Service, "Echo", EchoResponse.Parser);
    public static readonly Method<EchoRequest, EchoResponse> Sum = new(Service, "Sum", EchoResponse.Parser, MethodType.ClientStreaming);
    public static readonly Method<EchoRequest, EchoResponse> Repeat = new(Service, "Repeat", EchoResponse.Parser, MethodType.ServerStreaming);
    public static readonly Method<EchoRequest, EchoResponse> Chat = new(Service, "Chat", EchoResponse.Parser, MethodType.DuplexStreaming);
}
