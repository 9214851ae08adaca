namespace EdgeFace.Onnx;

/// <summary>How much ORT rewrites the graph at load (GraphOptimizationLevel; same numbers).</summary>
public enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    Layout = 3,
    All = 99,
}

public static class GraphOptimizationLevelParser
{
    /// <summary>Parses a configuration value: "disable"/"none", "basic", "extended", "layout", "all".</summary>
    public static bool TryParse(string? text, out GraphOptimizationLevel level)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "disable" or "disabled" or "disable_all" or "none": level = GraphOptimizationLevel.DisableAll; return true;
            case "basic": level = GraphOptimizationLevel.Basic; return true;
            case "extended": level = GraphOptimizationLevel.Extended; return true;
            case "layout": level = GraphOptimizationLevel.Layout; return true;
            case "all" or "enable_all" or null or "": level = GraphOptimizationLevel.All; return true;
            default: level = GraphOptimizationLevel.All; return false;
        }
    }
}
