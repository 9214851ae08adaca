namespace EdgeFace.Onnx.Native.Handles;

/// <summary>Owns an OrtSession (model, kernels, thread pools).</summary>
internal sealed unsafe class OrtSessionHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseSession(handle);
        return true;
    }
}
