using System.Globalization;
using System.Text;

namespace EdgeFace.Device.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): per metric family one <c># HELP</c> and one
/// <c># TYPE</c> line, then its samples with escaped label values.
/// </summary>
public sealed class PrometheusWriter
{
    private readonly StringBuilder _out;
    private string? _family;

    public PrometheusWriter(StringBuilder output) => _out = output;

    /// <summary>Starts a metric family. <paramref name="type"/>: counter, gauge, summary, histogram or untyped.</summary>
    public PrometheusWriter Family(string name, string type, string help)
    {
        CheckName(name);
        if (type is not ("counter" or "gauge" or "summary" or "histogram" or "untyped")) throw new ArgumentException($"unknown metric type '{type}'");
        _family = name;
        _out.Append("# HELP ").Append(name).Append(' ');
        foreach (char c in help) _out.Append(c switch { '\\' => "\\\\", '\n' => "\\n", _ => c.ToString() });
        _out.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample of the current family, under the family's own name.</summary>
    public PrometheusWriter Sample(double value, params (string Name, string Value)[] labels) => Sample("", value, labels);

    /// <summary>One sample of the current family; <paramref name="suffix"/> is e.g. <c>_sum</c> or <c>_count</c>.</summary>
    public PrometheusWriter Sample(string suffix, double value, params (string Name, string Value)[] labels)
    {
        if (_family is null) throw new InvalidOperationException("call Family first");
        _out.Append(_family).Append(suffix);
        if (labels.Length > 0)
        {
            _out.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                CheckName(labels[i].Name);
                if (i > 0) _out.Append(',');
                _out.Append(labels[i].Name).Append("=\"");
                foreach (char c in labels[i].Value) _out.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
                _out.Append('"');
            }
            _out.Append('}');
        }
        _out.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    public static string Format(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("R", CultureInfo.InvariantCulture);

    private static void CheckName(string name)
    {
        // [a-zA-Z_:][a-zA-Z0-9_:]* — a bad name would make scrapers reject the whole page, so fail loudly here.
        bool ok = name.Length > 0 && !char.IsAsciiDigit(name[0]);
        foreach (char c in name) ok &= char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
        if (!ok) throw new ArgumentException($"'{name}' is not a valid Prometheus name");
    }
}
