using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using NodeManager.Contracts.V1;

namespace NodeManager.Simulator.Wire;

/// <summary>
/// Registers the simulated nodes: bulk REST imports (idempotent by name, so a second run reuses the nodes)
/// or one CreateNode each. Every node's probe endpoint is 127.0.0.1:&lt;dead port&gt;: nothing answers there.
/// </summary>
public sealed class NodeRegistrar(Uri rest, GrpcChannel control, string prefix, int ipNet, int deadAgentPort, string? token = null)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private readonly NodeService.NodeServiceClient _nodes = new(control);

    public Node Spec(int index) => new()
    {
        Name = $"{prefix}-{index + 1:D6}",
        Ip = $"{ipNet}.{(index >> 16) & 255}.{(index >> 8) & 255}.{index & 255}",
        ManagementAddress = "127.0.0.1",
        AgentPort = deadAgentPort,
        Labels = { ["simulator"] = prefix },
    };

    /// <summary>Node ids for indexes <paramref name="first"/>.. in order.</summary>
    public async Task<string[]> ImportAsync(int first, int count, int batch, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = rest, Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        var ids = new string[count];
        for (var start = 0; start < count; start += batch)
        {
            var n = Math.Min(batch, count - start);
            var request = new ImportNodesRequest { Mode = ImportMode.AllOrNothing };
            for (var i = 0; i < n; i++)
            {
                request.Nodes.Add(Spec(first + start + i));
            }

            using var body = new StringContent(JsonFormatter.Default.Format(request), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/v1/nodes:import", body, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"import of rows {first + start}..{first + start + n - 1} failed: HTTP {(int)response.StatusCode}: {Trim(text)}");
            }

            var report = Parser.Parse<ImportNodesResponse>(text);
            foreach (var row in report.Rows)
            {
                ids[start + row.Row - 1] = row.Id;
            }
        }

        return ids;
    }

    /// <summary>CreateNode, or the existing node's id when the name is taken (a rerun).</summary>
    public async Task<string> CreateAsync(int index, CancellationToken ct)
    {
        var spec = Spec(index);
        try
        {
            return (await _nodes.CreateNodeAsync(new CreateNodeRequest { Node = spec }, Call(ct))).Id;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            var found = await _nodes.ListNodesAsync(new ListNodesRequest { Name = spec.Name, PageSize = 1 }, Call(ct));
            return found.Nodes.Count == 1 ? found.Nodes[0].Id : throw new InvalidOperationException($"{spec.Name}: {ex.Status.Detail}");
        }
    }

    public async Task DeleteAsync(string id, CancellationToken ct) =>
        await _nodes.DeleteNodeAsync(new DeleteNodeRequest { Id = id }, Call(ct));

    private static CallOptions Call(CancellationToken ct) => new(deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);

    private static string Trim(string text) => text.Length > 500 ? text[..500] + "…" : text;
}
