namespace NodeManager.Grpc;

/// <summary>Preallocated statuses the server sends often.</summary>
internal static class GrpcStatuses
{
    public static readonly Status DeadlineExceeded = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    public static readonly Status CanceledByClient = new(StatusCode.Cancelled, "Call canceled by the client.");
    public static readonly Status HandlerError = new(StatusCode.Unknown, "Exception was thrown by handler.");
    public static readonly Status RequestMissing = new(StatusCode.Internal, "Request message not received.");
    public static readonly Status AdditionalRequest = new(StatusCode.Internal, "Additional data after the request message received.");
    public static readonly Status NullResponse = new(StatusCode.Internal, "The handler returned a null response.");

    private static readonly string[] CodeStrings = Enumerable.Range(0, 17).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The decimal string for a status code, without allocating for the 17 defined codes.</summary>
    public static string ToHeaderValue(StatusCode code) =>
        (uint)code < (uint)CodeStrings.Length ? CodeStrings[(int)code] : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
