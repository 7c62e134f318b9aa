using System.Text;
using FunAsr.Data.Database;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Audit.Anchors;

/// <summary>
/// Checkpoints as JSON lines appended to <c>checkpoints.jsonl</c> in <c>Compliance:Audit:AnchorDirectory</c>: a file
/// an auditor can copy and read without the service, on storage the database's administrators need not reach.
/// </summary>
public sealed class FileAnchorSink(IOptions<ComplianceOptions> options, IConfiguration configuration) : IAnchorSink
{
    public const string FileName = "checkpoints.jsonl";
    private readonly SemaphoreSlim _lock = new(1, 1);

    public string Name => "file";

    public bool Enabled => true;

    public string FilePath => Path.Combine(
        options.Value.Audit.AnchorDirectory is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(DatabaseConnection.DataDirectory(configuration), "compliance", "anchors"),
        FileName);

    public async Task AppendAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await using var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
            // A line cut short by a crash stays on its own line (read back as unreadable) instead of swallowing this one.
            var line = (file.Length > 0 && !EndsWithNewline(FilePath) ? "\n" : "") + CheckpointJson.Write(checkpoint) + "\n";
            await file.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<AnchorRead> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return new AnchorRead([], 0);
        }
        var checkpoints = new List<Checkpoint>();
        var unreadable = 0;
        await foreach (var line in File.ReadLinesAsync(FilePath, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (CheckpointJson.Read(line) is { } checkpoint)
            {
                checkpoints.Add(checkpoint);
            }
            else
            {
                unreadable++;
            }
        }
        return new AnchorRead(checkpoints, unreadable);
    }

    private static bool EndsWithNewline(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() == '\n';
    }
}
