using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace NodeManager.Server.Metrics;

/// <summary>
/// Renders the <c>NodeManager</c> meter as Prometheus text (<c>GET /metrics</c>): counters are
/// summed per tag set as measurements arrive, gauges are observed when scraped. A counter measured
/// without tags (the heartbeat counter, once per heartbeat) is one interlocked add: no lookup, no allocation.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Series> _series = new();
    private readonly Lock _scrape = new();

    public PrometheusExporter(NodeManagerMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                var isCounter = instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal);
                var name = instrument.Name.Replace('.', '_') + (isCounter ? "_total" : "");
                var series = _series.GetOrAdd(name, _ => new Series(isCounter ? "counter" : "gauge", instrument.Description ?? ""));
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            var series = (Series)state!;
            if (series.Type == "counter")
            {
                if (tags.Length == 0)
                {
                    Interlocked.Add(ref series.Untagged, value);
                    series.HasUntagged = true;
                }
                else
                {
                    series.Values.AddOrUpdate(Labels(tags), static (_, v) => v, static (_, old, v) => old + v, (double)value);
                }
            }
            else
            {
                series.Values[Labels(tags)] = value;
            }
        });
        _listener.Start();
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
    private sealed class Series(string type, string help)
    {
        public string Type { get; } = type;

        public string Help { get; } = help;

        public ConcurrentDictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

        /// <summary>A counter's sum of measurements without tags.</summary>
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
