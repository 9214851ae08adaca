using System.Runtime.InteropServices;

namespace EdgeFace.Onnx.Native.Handles;

/// <summary>Owns one ORT object; the release function is chosen by the subclass.</summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer, for calls inside Native/ only.</summary>
    internal nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }
}
