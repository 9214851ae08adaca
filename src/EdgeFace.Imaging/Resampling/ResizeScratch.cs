namespace EdgeFace.Imaging.Resampling;

/// <summary>
/// Per-thread working memory of the separable resizer: converted source rows, the vertical blend and the
/// horizontal tap tables. Arrays only grow, so a steady stream of same-sized frames allocates nothing.
/// </summary>
internal sealed class ResizeScratch
{
    [ThreadStatic] private static ResizeScratch? t_current;

    private float[] _rows = [];
    private float[] _line = [];
    private int[] _x0 = [], _x1 = [];
    private float[] _wx = [];
    private int _rowWidth;

    /// <summary>The taps are exactly 2u, 2u+1 with one weight (output half the source width).</summary>
    public bool Halving;

    /// <summary>Source row numbers held by row slots 0 and 1 (-1: empty).</summary>
    public int RowA = -1, RowB = -1;

    public static ResizeScratch For(int sourceWidth, int contentWidth)
    {
        var s = t_current ??= new ResizeScratch();
        s.Ensure(sourceWidth, contentWidth);
        s.RowA = s.RowB = -1;
        return s;
    }

    private void Ensure(int sourceWidth, int contentWidth)
    {
        // Slots: row A (3 planes), row B (3 planes), vertical blend (3 planes).
        if (_rows.Length < 9 * sourceWidth) _rows = new float[9 * sourceWidth];
        if (_line.Length < 3 * contentWidth) _line = new float[3 * contentWidth];
        if (_x0.Length < contentWidth)
        {
            _x0 = new int[contentWidth]; _x1 = new int[contentWidth]; _wx = new float[contentWidth];
        }
        _rowWidth = sourceWidth;
    }

    /// <summary>Plane <paramref name="plane"/> (0 R, 1 G, 2 B) of slot 0 (row A), 1 (row B) or 2 (blend).</summary>
    public Span<float> Plane(int slot, int plane) => _rows.AsSpan((3 * slot + plane) * _rowWidth, _rowWidth);

    public Span<float> Line(int plane, int width) => _line.AsSpan(plane * width, width);
    public int[] X0 => _x0;
    public int[] X1 => _x1;
    public float[] Wx => _wx;
}
