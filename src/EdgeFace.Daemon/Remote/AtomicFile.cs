using System.Text;

namespace EdgeFace.Remote;

/// <summary>Replaces a file so that a crash leaves either the old or the new content, never a mix: temp, fsync, rename.</summary>
public static class AtomicFile
{
    public static void Write(string path, string content)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            f.Write(Encoding.UTF8.GetBytes(content));
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
