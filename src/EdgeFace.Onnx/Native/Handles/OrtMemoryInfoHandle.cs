namespace EdgeFace.Onnx.Native.Handles;

/// <summary>Owns an OrtMemoryInfo (where tensor data lives).</summary>
internal sealed unsafe class OrtMemoryInfoHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseMemoryInfo(handle);
        return true;
    }
}
