namespace EdgeFace.Onnx.Native.Handles;

/// <summary>Owns an OrtSessionOptions.</summary>
internal sealed unsafe class OrtSessionOptionsHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseSessionOptions(handle);
        return true;
    }
}
