using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace NodeManager.Grpc;

/// <summary>
/// <c>grpc.reflection.v1.ServerReflection</c> and <c>grpc.reflection.v1alpha.ServerReflection</c> over a fixed
/// set of services. The two versions share one wire format, so v1alpha is served by re-parsing v1 messages.
/// </summary>
public sealed class ReflectionServiceImpl
{
    private readonly ReflectionIndex _index;

    public ReflectionServiceImpl(IEnumerable<ServiceDescriptor> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _index = new ReflectionIndex(services);
    }

    /// <summary>The services list_services reports.</summary>
    public IReadOnlyList<string> ServiceNames => _index.ServiceNames;

    public async Task ServerReflectionInfo(IAsyncStreamReader<ServerReflectionRequest> requests, IServerStreamWriter<ServerReflectionResponse> responses, ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(Handle(requests.Current), context.CancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ServerReflectionInfoV1Alpha(IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requests, IServerStreamWriter<V1Alpha.ServerReflectionResponse> responses, ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var request = ServerReflectionRequest.Parser.ParseFrom(requests.Current.ToByteString());
            var response = V1Alpha.ServerReflectionResponse.Parser.ParseFrom(Handle(request).ToByteString());
            await responses.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Answers one request.</summary>
    public ServerReflectionResponse Handle(ServerReflectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request.Clone() };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                list.Service.AddRange(_index.ServiceNames.Select(name => new ServiceResponse { Name = name }));
                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, _index.FindFile(request.FileByFilename), $"File not found: {request.FileByFilename}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, _index.FindSymbol(request.FileContainingSymbol), $"Symbol not found: {request.FileContainingSymbol}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                var extension = request.FileContainingExtension;
                SetFile(response, _index.FindExtension(extension.ContainingType, extension.ExtensionNumber), $"Extension not found: {extension.ContainingType}({extension.ExtensionNumber})");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var numbers = _index.FindExtensionNumbers(request.AllExtensionNumbersOfType);
                if (numbers is null)
                {
                    SetError(response, StatusCode.NotFound, $"Type not found: {request.AllExtensionNumbersOfType}");
                    break;
                }

                var numbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                numbersResponse.ExtensionNumber.AddRange(numbers);
                response.AllExtensionNumbersResponse = numbersResponse;
                break;
            default:
                SetError(response, StatusCode.Unimplemented, "Unsupported reflection request.");
                break;
        }

        return response;
    }

    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }

        var files = new FileDescriptorResponse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        AddWithDependencies(file, files, seen);
        response.FileDescriptorResponse = files;
    }

    private static void AddWithDependencies(FileDescriptor file, FileDescriptorResponse files, HashSet<string> seen)
    {
        if (!seen.Add(file.Name))
        {
            return;
        }

        files.FileDescriptorProto.Add(file.SerializedData);
        foreach (var dependency in file.Dependencies)
        {
            AddWithDependencies(dependency, files, seen);
        }
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
