using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace NodeManager.Server.Metrics;

/// <summary>
/// Renders the <c>NodeManager</c> meter as Prometheus text (<c>GET /metrics</c>): counters are
/// summed per tag set as measurements arrive, gauges are observed when scraped.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _values = new();
    private readonly ConcurrentDictionary<string, (string Type, string Help)> _meta = new();
    private readonly Lock _scrape = new();

    public PrometheusExporter(NodeManagerMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                var isCounter = instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal);
                _meta[Name(instrument)] = (isCounter ? "counter" : "gauge", instrument.Description ?? "");
                listener.EnableMeasurementEvents(instrument, isCounter);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            var key = (Name(instrument), Labels(tags));
            if (state is true)
            {
                _values.AddOrUpdate(key, value, (_, old) => old + value);
            }
            else
            {
                _values[key] = value;
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
            foreach (var (name, (type, help)) in _meta.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
                text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
                foreach (var ((series, labels), value) in _values.Where(v => v.Key.Name == name).OrderBy(v => v.Key.Labels, StringComparer.Ordinal))
                {
                    text.Append(series).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }

            return text.ToString();
        }
    }

    private static string Name(Instrument instrument) =>
        instrument.Name.Replace('.', '_') + (instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) ? "_total" : "");

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
