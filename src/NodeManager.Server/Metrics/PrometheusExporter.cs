using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace NodeManager.Server.Metrics;

/// <summary>
/// Renders the <c>NodeManager</c> meter, and Orleans' <c>Microsoft.Orleans</c> meter beside it, as Prometheus
/// text (<c>GET /metrics</c>): counters are summed per tag set as measurements arrive, gauges and observable
/// instruments are observed when scraped. A counter measured without tags (the heartbeat counter, once per
/// heartbeat) is one interlocked add: no lookup, no allocation. Histograms (Orleans' latencies) are not
/// rendered here; the OTLP export carries them.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Series> _series = new();
    private readonly Lock _scrape = new();

    /// <summary>Orleans' meter (activations, messaging, membership, storage), exported beside ours.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    public PrometheusExporter(NodeManagerMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var kind = instrument.GetType().Name;
            if ((instrument.Meter == metrics.Meter || instrument.Meter.Name == OrleansMeterName) && !kind.StartsWith("Histogram", StringComparison.Ordinal))
            {
                // A counter adds what it measures; an observable counter reports its running total, as a gauge does its value.
                var isCounter = kind.StartsWith("Counter", StringComparison.Ordinal) || kind.StartsWith("ObservableCounter", StringComparison.Ordinal);
                var adds = kind.StartsWith("Counter", StringComparison.Ordinal) || kind.StartsWith("UpDownCounter", StringComparison.Ordinal);
                var name = instrument.Name.Replace('.', '_').Replace('-', '_') + (isCounter ? "_total" : "");
                var series = _series.GetOrAdd(name, _ => new Series(isCounter ? "counter" : "gauge", adds, instrument.Description ?? ""));
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => Record(instrument, value, tags, state));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => Record(instrument, value, tags, state));
        _listener.Start();
    }

    private static void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var series = (Series)state!;
        if (series.Adds)
        {
            series.Values.AddOrUpdate(Labels(tags), static (_, v) => v, static (_, old, v) => old + v, value);
        }
        else
        {
            series.Values[Labels(tags)] = value;
        }
    }

    private static void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var series = (Series)state!;
        if (series.Adds && tags.Length == 0)
        {
            Interlocked.Add(ref series.Untagged, value);
            series.HasUntagged = true;
        }
        else
        {
            Record(instrument, (double)value, tags, state);
        }
    }

    public string Render()
    {
        lock (_scrape)
        {
            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var (name, series) in _series.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(series.Help).Append('\n');
                text.Append("# TYPE ").Append(name).Append(' ').Append(series.Type).Append('\n');
                var values = series.Values.Select(v => (Labels: v.Key, v.Value)).ToList();
                if (series.HasUntagged)
                {
                    values.Add(("", Interlocked.Read(ref series.Untagged))); // counters only: never also in Values
                }

                foreach (var (labels, value) in values.OrderBy(v => v.Labels, StringComparer.Ordinal))
                {
                    text.Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }

            return text.ToString();
        }
    }

    /// <summary>One metric: its type and help, and its value per label set ("" for none).</summary>
    private sealed class Series(string type, bool adds, string help)
    {
        public string Type { get; } = type;

        /// <summary>Measurements add up (counters, up-down counters); otherwise each is the current value.</summary>
        public bool Adds { get; } = adds;

        public string Help { get; } = help;

        public ConcurrentDictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

        /// <summary>A counter's sum of long measurements without tags.</summary>
        public long Untagged;

        public bool HasUntagged;
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var parts = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            parts.Add($"{key}=\"{value?.ToString()?.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        parts.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', parts) + "}";
    }

    public void Dispose() => _listener.Dispose();
}
