namespace FunAsr.Learning.Compliance.Data;

/// <summary>A completed mandatory course and its certificate: valid until the retraining interval runs out.</summary>
public sealed class Completion
{
    public Guid Id { get; set; }

    /// <summary>The certificate's public id, printed under its QR code.</summary>
    public required string CertificateId { get; set; }

    public Guid AssignmentId { get; set; }

    public required string CourseTitle { get; set; }

    public required string PersonId { get; set; }

    public required string PersonName { get; set; }

    public string? Department { get; set; }

    public DateTime CompletedAt { get; set; }

    public DateTime? ValidUntil { get; set; }

    public double WatchedShare { get; set; }

    public double? QuizScore { get; set; }

    public Guid AttestationId { get; set; }

    public DateTime? RevokedAt { get; set; }
}
