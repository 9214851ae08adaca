using System.Runtime.InteropServices;
using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx.Native;

/// <summary>
/// The argument arrays of OrtApi::Run kept in native memory: input and output names as UTF-8 and the OrtValue
/// pointers. Built once, then every <see cref="Invoke()"/> is a single native call with no managed allocation.
/// Holds a reference on every handle it points at, so none can be freed while it is alive.
/// </summary>
internal sealed unsafe class NativeRunArgs : IDisposable
{
    private readonly OrtSessionHandle _session;
    private readonly OrtValueHandle[] _inputs;
    private readonly OrtValueHandle?[] _outputs;
    private readonly nint* _inputNames, _inputValues, _outputNames, _outputValues;
    private readonly int _inputCount, _outputCount;
    private bool _disposed;

    /// <param name="outputs">Preallocated outputs; a null entry lets ORT allocate that output.</param>
    internal NativeRunArgs(OrtSessionHandle session, IReadOnlyList<string> inputNames, OrtValueHandle[] inputs,
        IReadOnlyList<string> outputNames, OrtValueHandle?[] outputs)
    {
        _session = session; _inputs = inputs; _outputs = outputs;
        _inputCount = inputs.Length; _outputCount = outputs.Length;
        _inputNames = Alloc(_inputCount); _inputValues = Alloc(_inputCount);
        _outputNames = Alloc(_outputCount); _outputValues = Alloc(_outputCount);
        bool ok = false;
        try
        {
            AddRef(_session);
            for (int i = 0; i < _inputCount; i++) { _inputNames[i] = Marshal.StringToCoTaskMemUTF8(inputNames[i]); _inputValues[i] = AddRef(inputs[i]); }
            for (int i = 0; i < _outputCount; i++) { _outputNames[i] = Marshal.StringToCoTaskMemUTF8(outputNames[i]); _outputValues[i] = outputs[i] is { } o ? AddRef(o) : 0; }
            ok = true;
        }
        finally { if (!ok) Dispose(); }
    }

    private static nint* Alloc(int n) => (nint*)NativeMemory.AllocZeroed((nuint)Math.Max(n, 1), (nuint)sizeof(nint));

    private static nint AddRef(OrtHandle handle)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        return handle.DangerousGetHandle();
    }

    /// <summary>Runs the session. Outputs that ORT allocated are returned through <see cref="TakeAllocatedOutput"/>.</summary>
    internal void Invoke()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RunSession();
    }

    /// <summary>Runs the session with <paramref name="value"/> as input <paramref name="index"/> for this call only.</summary>
    internal void Invoke(int index, OrtValueHandle value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool added = false;
        value.DangerousAddRef(ref added);   // the value cannot be freed while ORT reads it
        nint own = _inputValues[index];
        try
        {
            _inputValues[index] = value.DangerousGetHandle();
            RunSession();
        }
        finally
        {
            _inputValues[index] = own;
            if (added) value.DangerousRelease();
        }
    }

    private void RunSession() => OrtStatus.Check(OrtApi.Run(_session.DangerousGetHandle(), 0, _inputNames, _inputValues, (nuint)_inputCount,
        _outputNames, (nuint)_outputCount, _outputValues));

    /// <summary>Hands over an output ORT allocated in the last <see cref="Invoke()"/> (caller owns it).</summary>
    internal OrtValueHandle TakeAllocatedOutput(int index)
    {
        if (_outputs[index] is not null) throw new InvalidOperationException("output was preallocated");
        nint v = _outputValues[index];
        _outputValues[index] = 0;
        return new OrtValueHandle(v);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (int i = 0; i < _inputCount; i++)
        {
            if (_inputNames[i] != 0) Marshal.FreeCoTaskMem(_inputNames[i]);
            if (_inputValues[i] != 0) _inputs[i].DangerousRelease();
        }
        for (int i = 0; i < _outputCount; i++)
        {
            if (_outputNames[i] != 0) Marshal.FreeCoTaskMem(_outputNames[i]);
            if (_outputs[i] is { } o && _outputValues[i] != 0) o.DangerousRelease();
            else if (_outputs[i] is null && _outputValues[i] != 0) OrtApi.ReleaseValue(_outputValues[i]); // untaken ORT output
        }
        NativeMemory.Free(_inputNames); NativeMemory.Free(_inputValues);
        NativeMemory.Free(_outputNames); NativeMemory.Free(_outputValues);
        _session.DangerousRelease();
    }
}
