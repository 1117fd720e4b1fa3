using System.Diagnostics;
using System.Globalization;
using NodeManager.Cli.Hosting;
using Spectre.Console;

namespace NodeManager.Cli.Output;

/// <summary>Where a long command reports how far it got: the rows (or nodes) done so far.</summary>
public interface IProgressSink
{
    void Report(long done);
}

/// <summary>
/// Progress of a long command on standard error, so standard output stays clean for <c>-o json</c>: a live bar with
/// rows/s when standard error is a terminal (Spectre.Console), otherwise a line at most once a second. Either way the
/// last line says how many in how long, and the rate.
/// </summary>
public sealed class RowProgress(CliIo io, string unit = "rows")
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(1);

    public async Task<T> RunAsync<T>(string description, long total, Func<IProgressSink, Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        var sink = io.ErrIsTerminal ? null : new LineSink(io.Err, description, total, unit, clock);
        T result;
        long done;
        if (sink is not null)
        {
            result = await work(sink);
            done = sink.Done;
        }
        else
        {
            // Standard error is a terminal (checked by the caller): say so, as Spectre would judge by standard output,
            // which may be redirected (nmctl nodes import f.json -o json > report.json).
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(io.Err),
                Ansi = AnsiSupport.Yes,
                Interactive = InteractionSupport.Yes,
            });
            var live = new LiveSink();
            result = await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new CountColumn(unit), new RateColumn(unit), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    live.Task = ctx.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                    return await work(live);
                });
            done = live.Done;
        }

        io.Err.WriteLine(Summary(description, done, total, unit, clock.Elapsed));
        return result;
    }

    public static string Summary(string description, long done, long total, string unit, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{description}: {done}/{total} {unit} in {elapsed.TotalSeconds:0.0} s ({Rate(done, elapsed):0} {unit}/s)");

    private static double Rate(long done, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;

    private sealed class LineSink(TextWriter err, string description, long total, string unit, Stopwatch clock) : IProgressSink
    {
        private TimeSpan _lastLine = TimeSpan.Zero;

        public long Done { get; private set; }

        public void Report(long done)
        {
            Done = done;
            var now = clock.Elapsed;
            if (now - _lastLine >= LineInterval && done < total)
            {
                _lastLine = now;
                err.WriteLine(Summary(description, done, total, unit, now));
            }
        }
    }

    private sealed class LiveSink : IProgressSink
    {
        public ProgressTask? Task { get; set; }

        public long Done { get; private set; }

        public void Report(long done)
        {
            Done = done;
            Task?.Value = done;
        }
    }

    private sealed class RateColumn(string unit) : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:0} {unit}/s") : $"- {unit}/s");
    }

    private sealed class CountColumn(string unit) : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0} {unit}"));
    }
}
