namespace EdgeFace.Onnx.Native.Handles;

/// <summary>Owns an OrtValue (a tensor; its data may belong to the caller).</summary>
internal sealed unsafe class OrtValueHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseValue(handle);
        return true;
    }
}
