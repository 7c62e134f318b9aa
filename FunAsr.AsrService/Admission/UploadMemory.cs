namespace FunAsr.AsrService.Admission;

/// <summary>
/// The memory budget an upload's buffered bytes hold while the request reads its body, and its hand-over: once the
/// bytes are being decoded (the decode charges its samples, which outgrow the bytes) or are on disk, the upload's
/// charge is given back, so a request is never refused because of its own upload, and the replica's charge stays about
/// the larger of the two, not their sum. Flows with the request (set by <c>UploadFormReader</c> before the endpoint runs).
/// </summary>
public static class UploadMemory
{
    private static readonly AsyncLocal<AdmissionLease?> Current = new();

    public static void Hold(AdmissionLease lease) => Current.Value = lease;

    /// <summary>Gives the current request's upload charge back (nothing outside a request, or when already given).</summary>
    public static void HandOver() => Current.Value?.Dispose();
}
