using NodeManager.Core.Errors;

namespace NodeManager.Server.Cluster;

/// <summary>
/// Turns a failure while the host starts into a message that names what could not be reached: the
/// silo's membership store (Redis), its silo port, or the node store. The exception itself is already logged.
/// </summary>
public static class StartFailure
{
    public static string Describe(Exception exception, IConfiguration configuration)
    {
        if (exception is StartupException)
        {
            return exception.Message;
        }

        var chain = Chain(exception).ToList();
        var provider = configuration["Orleans:Clustering:ProviderType"];
        if (chain.Any(e => e.GetType().FullName?.StartsWith("StackExchange.Redis.", StringComparison.Ordinal) == true))
        {
            return $"the cluster's membership store (Orleans:Clustering:ProviderType={provider}) at " +
                $"'{configuration["Orleans:Clustering:ConnectionString"]}' could not be reached: {FirstLine(chain.Last())}";
        }

        if (chain.FirstOrDefault(e => e is StartupException) is { } startup)
        {
            return startup.Message;
        }

        if (chain.FirstOrDefault(e => e is System.Net.Sockets.SocketException) is { } socket)
        {
            return $"a listening socket could not be opened (Kestrel:Endpoints:*:Url, Orleans:Endpoints:SiloPort): {FirstLine(socket)}";
        }

        return $"{exception.GetType().Name}: {FirstLine(chain.Last())}";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException { InnerExceptions.Count: > 1 } aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Skip(1).SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string FirstLine(Exception e)
    {
        var message = e.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
