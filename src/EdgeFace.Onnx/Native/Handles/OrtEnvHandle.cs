namespace EdgeFace.Onnx.Native.Handles;

/// <summary>Owns the process-wide OrtEnv.</summary>
internal sealed unsafe class OrtEnvHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseEnv(handle);
        return true;
    }
}
