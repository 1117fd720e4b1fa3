using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using NodeManager.Grpc.Tests.Infrastructure;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace NodeManager.Grpc.Tests.Reflection;

[Collection(GrpcServerCollection.Name)]
public class ReflectionServiceTests(GrpcTestServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly Method<ServerReflectionRequest, ServerReflectionResponse> V1Info = new("grpc.reflection.v1.ServerReflection", "ServerReflectionInfo", ServerReflectionResponse.Parser, MethodType.DuplexStreaming);
    private static readonly Method<V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse> V1AlphaInfo = new("grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo", V1Alpha.ServerReflectionResponse.Parser, MethodType.DuplexStreaming);

    [Fact]
    public async Task ListServices_V1_ReturnsMappedAndReflectionServices()
    {
        var response = await AskAsync(new ServerReflectionRequest { ListServices = "" });

        var names = response.ListServicesResponse.Service.Select(s => s.Name).ToArray();
        Assert.Contains(TestMethods.Service, names);
        Assert.Contains("grpc.health.v1.Health", names);
        Assert.Contains("grpc.reflection.v1.ServerReflection", names);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", names);
    }

    [Fact]
    public async Task ListServices_V1Alpha_ReturnsMappedServices()
    {
        using var channel = server.CreateChannel();
        using var call = channel.DuplexStreaming(V1AlphaInfo);

        await call.RequestStream.WriteAsync(new V1Alpha.ServerReflectionRequest { ListServices = "" }).WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);

        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == TestMethods.Service);
    }

    [Theory]
    [InlineData("nodemanager.test.v1.TestService")]
    [InlineData("nodemanager.test.v1.TestService.Echo")]
    [InlineData("nodemanager.test.v1.EchoRequest")]
    public async Task FileContainingSymbol_KnownSymbol_ReturnsDeclaringFile(string symbol)
    {
        var response = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = symbol });

        var first = FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("Protos/test_service.proto", first.Name);
        Assert.Equal("nodemanager.test.v1", first.Package);
    }

    [Fact]
    public async Task FileContainingSymbol_NestedEnum_ReturnsHealthFile()
    {
        var response = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.HealthCheckResponse.ServingStatus" });

        var first = FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        // The Grpc.HealthCheck package compiles its proto as "health.proto" (our own copy was "grpc/health/v1/health.proto").
        Assert.Equal("health.proto", first.Name);
        Assert.Equal("grpc.health.v1", first.Package);
    }

    [Fact]
    public async Task FileByFilename_UnknownFile_ReturnsNotFoundError()
    {
        var response = await AskAsync(new ServerReflectionRequest { FileByFilename = "missing.proto" });

        Assert.Equal((int)StatusCode.NotFound, response.ErrorResponse.ErrorCode);
    }

    [Fact]
    public async Task FileContainingExtension_Unknown_ReturnsNotFoundError()
    {
        var response = await AskAsync(new ServerReflectionRequest { FileContainingExtension = new ExtensionRequest { ContainingType = "nodemanager.test.v1.EchoRequest", ExtensionNumber = 100 } });

        Assert.Equal((int)StatusCode.NotFound, response.ErrorResponse.ErrorCode);
    }

    [Fact]
    public async Task FileContainingSymbol_SeveralRequestsOnOneStream_AnswersEachInOrder()
    {
        using var channel = server.CreateChannel();
        using var call = channel.DuplexStreaming(V1Info);

        foreach (var symbol in new[] { "nodemanager.test.v1.EchoResponse", "no.such.Symbol" })
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = symbol }).WaitAsync(Timeout);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, call.ResponseStream.Current.MessageResponseCase);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse, call.ResponseStream.Current.MessageResponseCase);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
    }

    [Fact]
    public void Handle_FileWithDependencies_ReturnsTransitiveDependencies()
    {
        var reflection = new ReflectionServiceImpl([NodeManager.Contracts.V1.NodeServiceReflection.Descriptor.Services[0]]);

        var response = reflection.Handle(new ServerReflectionRequest { FileContainingSymbol = "nodemanager.v1.NodeService" });

        var names = response.FileDescriptorResponse.FileDescriptorProto.Select(b => FileDescriptorProto.Parser.ParseFrom(b).Name).ToArray();
        Assert.Equal("nodemanager/v1/node_service.proto", names[0]);
        Assert.Contains("nodemanager/v1/node.proto", names);
        Assert.Contains("google/protobuf/timestamp.proto", names);
    }

    private async Task<ServerReflectionResponse> AskAsync(ServerReflectionRequest request)
    {
        using var channel = server.CreateChannel();
        using var call = channel.DuplexStreaming(V1Info);
        await call.RequestStream.WriteAsync(request).WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        var response = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        return response;
    }
}
