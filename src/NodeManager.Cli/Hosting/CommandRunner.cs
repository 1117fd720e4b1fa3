using System.CommandLine;
using Grpc.Core;
using NodeManager.Cli.Config;
using NodeManager.Cli.Connection;

namespace NodeManager.Cli.Hosting;

/// <summary>
/// Runs a command's body with its context, and turns every failure into one line on standard error ("error: ...")
/// and an exit code (<see cref="ExitCodes"/>): the one place errors are reported.
/// </summary>
public sealed class CommandRunner(GlobalOptions globals, CliIo io)
{
    public const int Interrupted = 130;

    public void Set(Command command, Func<ParseResult, NmctlContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, body, cancellationToken));

    private async Task<int> RunAsync(ParseResult parse, Func<ParseResult, NmctlContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        NmctlSettings? settings = null;
        try
        {
            settings = SettingsResolver.Resolve(globals.Read(parse), io.Environment);
            using var context = new NmctlContext(io, settings);
            return await body(parse, context, cancellationToken);
        }
        catch (CliException ex)
        {
            return Fail(ex);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return Interrupted;
        }
        catch (RpcException ex) when (settings is not null)
        {
            return Fail(RpcErrors.ToCliException(ex, settings));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Interrupted;
        }
    }

    private int Fail(CliException ex)
    {
        io.Err.WriteLine("error: " + ex.Message);
        return ex.ExitCode;
    }
}
