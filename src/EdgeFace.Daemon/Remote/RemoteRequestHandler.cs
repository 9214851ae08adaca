using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFace.Configuration;
using EdgeFace.Core.Configuration;
using EdgeFace.Core.Diagnostics;
using EdgeFace.Hosting;
using EdgeFace.Messaging.Options;
using EdgeFace.Messaging.Requests;

namespace EdgeFace.Remote;

/// <summary>
/// Answers <c>request/&lt;name&gt;</c> messages: <c>config/get</c>, <c>config/set</c>, <c>restart</c>, <c>health</c>.
/// <c>config/set</c> takes a partial document: anything that would change, remove or reset a local-only setting is
/// refused (and logged, see <see cref="LocalOnlyGuard"/>), the merged result must pass
/// the full validation (every problem is returned, nothing changes), then live settings apply at once, model/GPIO changes
/// rebuild only those stages (rolled back if they fail to start), and the file is rewritten atomically.
/// </summary>
public sealed class RemoteRequestHandler(DaemonHost host) : IRequestHandler, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<RequestResult> HandleAsync(string name, JsonElement? payload, CancellationToken cancellationToken)
    {
        switch (name)
        {
            case "config/get": return Ok(Redacted(host.Effective));
            case "health": return Ok(host.Health());
            // One reconfiguration at a time: a restart and a config/set (with its possible rollback) never interleave,
            // and each caller waits for its own answer.
            case "restart":
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try { return await RestartAsync(cancellationToken).ConfigureAwait(false); }
                finally { _gate.Release(); }
            case "config/set":
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try { return await SetAsync(payload, cancellationToken).ConfigureAwait(false); }
                finally { _gate.Release(); }
            default: return RequestResult.Failure($"unknown request '{name}' (known: config/get, config/set, restart, health)");
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<RequestResult> RestartAsync(CancellationToken ct)
    {
        // answer with what happened: a camera that does not come back is an error, not an "ok"
        var outcome = await host.RestartStagesAsync(RestartScope.Capture | RestartScope.Models, ct).ConfigureAwait(false);
        if (!outcome.Streaming) return RequestResult.Failure($"restarted, but {outcome.Describe()}");
        return Ok(new JsonObject { ["restarted"] = true, ["camera"] = outcome.CameraName });
    }

    private async Task<RequestResult> SetAsync(JsonElement? payload, CancellationToken ct)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } p) return RequestResult.Failure("config/set needs a JSON object with the settings to change");
        var patch = JsonNode.Parse(p.GetRawText())!.AsObject();
        patch.Remove("transaction");
        var refused = LocalOnlyGuard.Refused(host.Effective, patch);
        if (refused.Count > 0)
        {
            Log.Warn("remote", $"refused remote change of local-only settings: {string.Join(", ", refused)}");
            return Failure(refused.Select(r => new ConfigIssue(r, "local-only: can only be changed in the configuration file on the device")));
        }
        var candidate = JsonMerge.Apply(host.Effective.DeepClone().AsObject(), patch);
        var loaded = ConfigLoader.Validate(candidate, new ConfigIssues(), ["remote"]);
        if (!loaded.IsValid) return Failure(loaded.Issues.Items);

        var (scope, processRestart) = ChangeScope.Of(host.Effective, candidate);
        var outcome = await host.ApplyAsync(loaded.Config!, candidate, scope, ct).ConfigureAwait(false);
        if (outcome is not null) return RequestResult.Failure($"the new configuration failed to start and was rolled back: {outcome}");
        bool persisted = host.PersistPatch(patch);
        var data = new JsonObject
        {
            ["applied"] = true,
            ["restart_required"] = processRestart,
            ["restarted_stages"] = scope.ToString().ToLowerInvariant(),
            ["persisted"] = persisted,
        };
        return Ok(data);
    }

    private static RequestResult Failure(IEnumerable<ConfigIssue> issues)
    {
        var list = issues.ToList();
        var data = new JsonObject { ["invalid"] = new JsonArray(list.Select(i => (JsonNode)new JsonObject { ["path"] = i.Path, ["message"] = i.Message }).ToArray()) };
        return new RequestResult(false, JsonSerializer.SerializeToElement(data), string.Join("; ", list));
    }

    private static JsonNode Redacted(JsonObject effective) => SecretRedactor.Redact(effective.DeepClone())!;

    private static RequestResult Ok(JsonNode data) => RequestResult.Success(JsonSerializer.SerializeToElement(data));
}
