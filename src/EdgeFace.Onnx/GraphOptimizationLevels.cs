using Microsoft.ML.OnnxRuntime;

namespace EdgeFace.Onnx;

/// <summary>Configuration spellings of ORT's graph optimisation levels.</summary>
public static class GraphOptimizationLevels
{
    /// <summary>Parses "disable"/"none", "basic", "extended", "layout", "all" (empty means all).</summary>
    public static bool TryParse(string? text, out GraphOptimizationLevel level)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "disable" or "disabled" or "disable_all" or "none": level = GraphOptimizationLevel.ORT_DISABLE_ALL; return true;
            case "basic": level = GraphOptimizationLevel.ORT_ENABLE_BASIC; return true;
            case "extended": level = GraphOptimizationLevel.ORT_ENABLE_EXTENDED; return true;
            case "layout": level = GraphOptimizationLevel.ORT_ENABLE_LAYOUT; return true;
            case "all" or "enable_all" or null or "": level = GraphOptimizationLevel.ORT_ENABLE_ALL; return true;
            default: level = GraphOptimizationLevel.ORT_ENABLE_ALL; return false;
        }
    }
}
