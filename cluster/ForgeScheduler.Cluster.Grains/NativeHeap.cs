using System.Runtime.InteropServices;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>Gives the C heap's free memory back to the operating system after a solve. CP-SAT allocates
/// its model, presolve and search state with malloc on whichever thread runs the solve; glibc keeps a heap
/// (arena) per thread and holds on to what was freed in it, so after solves on a few dozen pool threads the
/// process kept ~200 MB of free native memory as RSS (docs/reliability.md, "Memory"). <c>malloc_trim(0)</c>
/// returns the free pages of every arena; it takes about a millisecond, against solves of 0.5 s and more.
/// Elsewhere than glibc (musl, macOS, Windows) it does nothing.</summary>
internal static class NativeHeap
{
    private static int _unavailable;

    public static void Trim()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _unavailable) == 1) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref _unavailable, 1);
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
