using NodeManager.Simulator.Reports;

namespace NodeManager.Simulator.Tests.Reports;

public sealed class ReportWriterTests
{
    [Fact]
    public void TableAndJson_SeveralEndpoints_ReconnectsAndConnectedPerEndpoint()
    {
        var report = new SimulationReport
        {
            Scenario = "steady",
            ReconnectsTo = new(StringComparer.Ordinal) { ["http://127.0.0.1:5081/"] = 0, ["http://127.0.0.1:5082/"] = 1234 },
            ConnectedTo = new(StringComparer.Ordinal) { ["http://127.0.0.1:5081/"] = 0, ["http://127.0.0.1:5082/"] = 2000 },
        };

        Assert.Contains("per endpoint: reconnects to / connected", ReportWriter.Table(report), StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5081/ 0 / 0, http://127.0.0.1:5082/ 1,234 / 2,000", ReportWriter.Table(report), StringComparison.Ordinal);
        Assert.Contains("\"reconnectsTo\":{\"http://127.0.0.1:5081/\":0,\"http://127.0.0.1:5082/\":1234}", ReportWriter.JsonLine(report), StringComparison.Ordinal);
    }

    [Fact]
    public void TableAndJson_OneEndpoint_NoPerEndpointFigures()
    {
        var report = new SimulationReport { Scenario = "steady" };

        Assert.DoesNotContain("per endpoint", ReportWriter.Table(report), StringComparison.Ordinal);
        Assert.DoesNotContain("reconnectsTo", ReportWriter.JsonLine(report), StringComparison.Ordinal);
        Assert.DoesNotContain("connectedTo", ReportWriter.JsonLine(report), StringComparison.Ordinal);
    }
}
