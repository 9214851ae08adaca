using System.Runtime.CompilerServices;

// The tests compare the SIMD writer with the scalar reference, which stays internal.
[assembly: InternalsVisibleTo("EdgeFace.Imaging.Tests")]
