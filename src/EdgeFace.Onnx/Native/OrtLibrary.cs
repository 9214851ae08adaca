using System.Reflection;
using System.Runtime.InteropServices;
using EdgeFace.Core.Hosting;

namespace EdgeFace.Onnx.Native;

/// <summary>
/// Loads libonnxruntime and hands out its OrtApi function table. <c>OrtGetApiBase</c> is the only symbol bound by
/// name; every other entry point is read from the table, the way ONNX Runtime's own language bindings do it.
/// </summary>
internal static unsafe class OrtLibrary
{
    private const string LibraryName = "onnxruntime";

    /// <summary>The OrtApi version this binding was written against (the 1.30 library serves 1..30).</summary>
    internal const uint ApiVersion = 30;

    private static readonly object Gate = new();
    private static nint* _table;

    static OrtLibrary()
    {
        NativeLibrary.SetDllImportResolver(typeof(OrtLibrary).Assembly, Resolve);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OrtApiBase
    {
        public delegate* unmanaged<uint, nint*> GetApi;
        public delegate* unmanaged<byte*> GetVersionString;
    }

    [DllImport(LibraryName)]
    private static extern OrtApiBase* OrtGetApiBase();

    /// <summary>The function table; loads the library on first use.</summary>
    internal static nint* Table
    {
        get
        {
            nint* table = _table;
            return table != null ? table : Load();
        }
    }

    internal static string Version
    {
        get
        {
            _ = Table;
            return Marshal.PtrToStringUTF8((nint)OrtGetApiBase()->GetVersionString()) ?? "";
        }
    }

    private static nint* Load()
    {
        lock (Gate)
        {
            if (_table != null) return _table;
            if (LibraryPath() is null) throw MissingLibrary();
            OrtApiBase* apiBase = OrtGetApiBase();
            nint* table = apiBase->GetApi(ApiVersion);
            if (table == null)
            {
                string version = Marshal.PtrToStringUTF8((nint)apiBase->GetVersionString()) ?? "?";
                throw new OnnxRuntimeException(OrtErrorCode.Fail,
                    $"ONNX Runtime {version} does not serve OrtApi version {ApiVersion}; EdgeFace needs ONNX Runtime {EdgeFacePaths.OrtVersion} or newer (scripts/fetch-onnxruntime.sh)");
            }
            _table = table;
            return table;
        }
    }

    private static string? LibraryPath() => EdgeFacePaths.OnnxRuntimeLibrary is { } p && File.Exists(p) ? p : null;

    private static DllNotFoundException MissingLibrary() => new(
        $"ONNX Runtime library libonnxruntime.so.1 not found (looked in {Path.Combine(EdgeFacePaths.CacheDirectory, "onnxruntime", EdgeFacePaths.OrtVersion)}; " +
        "EDGEFACE_ORT_LIB overrides). Run scripts/fetch-onnxruntime.sh to fetch it.");

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return 0;
        string path = LibraryPath() ?? throw MissingLibrary();
        return NativeLibrary.Load(path);
    }
}
