using System.CommandLine;
using Grpc.Core;
using NodeManager.Cli.Hosting;

namespace NodeManager.Cli.Commands;

/// <summary>The flags of the watch commands, and how a watch ends: Ctrl+C, --count events, or the server (with where to resume).</summary>
public sealed class WatchOptions
{
    public Option<long> AfterRevision { get; } = new("--after-revision") { Description = "Events after this revision (0 = the start of the retained history)" };

    public Option<bool> FromNow { get; } = new("--from-now") { Description = "Only events from now on" };

    public Option<string> Selector { get; } = new("--selector", "-l") { Description = "Only nodes whose labels match (Kubernetes syntax)" };

    public Option<int> Count { get; } = new("--count", "-n") { Description = "Stop after this many events (0 = until Ctrl+C)" };

    public void AddTo(Command command)
    {
        command.Options.Add(AfterRevision);
        command.Options.Add(FromNow);
        command.Options.Add(Selector);
        command.Options.Add(Count);
    }

    /// <summary>Prints each event until the count is reached, the user stops, or the server ends the stream.</summary>
    public static async Task<int> FollowAsync<T>(IAsyncStreamReader<T> stream, int count, Action<T> print, Func<T, long> revision, NmctlContext ctx, CancellationToken ct)
    {
        var seen = 0;
        long last = 0;
        try
        {
            while (await stream.MoveNext(ct))
            {
                print(stream.Current);
                last = revision(stream.Current);
                if (count > 0 && ++seen >= count)
                {
                    return ExitCodes.Ok;
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.ResourceExhausted or StatusCode.OutOfRange)
        {
            var resume = ex.Trailers.GetValue("resume-after-revision") ?? last.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new CliException(ExitCodes.Conflict, ex.StatusCode == StatusCode.OutOfRange
                ? $"{ex.Status.Detail} (the revision is no longer retained: list again, then watch with --after-revision set to the list's revision)"
                : $"{ex.Status.Detail} (resume with --after-revision {resume})");
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        return ExitCodes.Ok;
    }
}
