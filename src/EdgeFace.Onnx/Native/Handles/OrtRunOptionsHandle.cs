namespace EdgeFace.Onnx.Native.Handles;

/// <summary>Owns an OrtRunOptions.</summary>
internal sealed unsafe class OrtRunOptionsHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseRunOptions(handle);
        return true;
    }
}
