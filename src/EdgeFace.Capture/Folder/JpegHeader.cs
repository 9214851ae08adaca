namespace EdgeFace.Capture.Folder;

/// <summary>Reads a JPEG's pixel size from its start-of-frame marker without decoding it.</summary>
public static class JpegHeader
{
    public static bool TryReadSize(ReadOnlySpan<byte> jpeg, out int width, out int height)
    {
        width = height = 0;
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) return false;
        int i = 2;
        while (i + 4 <= jpeg.Length)
        {
            if (jpeg[i] != 0xFF) return false;
            byte marker = jpeg[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; } // markers without a length
            int length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 9 > jpeg.Length) return false;
                height = (jpeg[i + 5] << 8) | jpeg[i + 6];
                width = (jpeg[i + 7] << 8) | jpeg[i + 8];
                return width > 0 && height > 0;
            }
            if (marker == 0xDA || length < 2) return false; // scan data before any SOF: not a valid image
            i += 2 + length;
        }
        return false;
    }
}
