using System.Runtime.InteropServices;
using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx.Native;

/// <summary>Environment-level calls: create the OrtEnv, list providers, read build information.</summary>
internal static unsafe class NativeEnv
{
    /// <summary>
    /// ORT's own stderr logger defaults to FATAL only: every failure EdgeFace cares about also comes back as a status,
    /// which becomes one exception or one log line of ours, so ORT's duplicate lines would only be noise (a skipped CUDA
    /// provider would print three). EDGEFACE_ORT_LOG=verbose|info|warning|error|fatal turns it up for debugging.
    /// </summary>
    internal static int LogLevel => Environment.GetEnvironmentVariable("EDGEFACE_ORT_LOG")?.ToLowerInvariant() switch
    {
        "verbose" => 0,
        "info" => 1,
        "warning" or "warn" => 2,
        "error" => 3,
        _ => 4,
    };

    internal static OrtEnvHandle Create(string logId)
    {
        byte[] id = Utf8Z.Encode(logId);
        nint env;
        fixed (byte* p = id) OrtStatus.Check(OrtApi.CreateEnv(LogLevel, p, &env));
        return new OrtEnvHandle(env);
    }

    internal static string[] AvailableProviders()
    {
        byte** names;
        int count;
        OrtStatus.Check(OrtApi.GetAvailableProviders(&names, &count));
        try
        {
            var result = new string[count];
            for (int i = 0; i < count; i++) result[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? "";
            return result;
        }
        finally
        {
            OrtStatus.Check(OrtApi.ReleaseAvailableProviders(names, count));
        }
    }

    internal static string BuildInfo() => Marshal.PtrToStringUTF8((nint)OrtApi.GetBuildInfoString()) ?? "";
}
