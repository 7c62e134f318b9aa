using FunAsr.Data.Database;
using FunAsr.Learning.Knowledge;
using FunAsr.Learning.Lectures;
using FunAsr.Learning.Mastery;
using FunAsr.Learning.Progress;
using FunAsr.Learning.Questions;
using FunAsr.Learning.Quizzes;
using FunAsr.Learning.Records;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Data;

/// <summary>
/// The learning schema in the platform's one database: lectures' sentences, knowledge points and prerequisites, quizzes
/// and attempts, learners' mastery and reviews, watch progress, asked questions, and the append-only xAPI statements with
/// their LRS outbox. Engine-specific migrations live on the two subclasses in EngineContexts.cs.
/// </summary>
public abstract class LearningDbContext(DbContextOptions options) : DbContext(options)
{
    public const string SchemaName = "learning";

    public DbSet<LearningLecture> Lectures => Set<LearningLecture>();
    public DbSet<LectureSentence> LectureSentences => Set<LectureSentence>();
    public DbSet<KnowledgePoint> KnowledgePoints => Set<KnowledgePoint>();
    public DbSet<KnowledgeSource> KnowledgeSources => Set<KnowledgeSource>();
    public DbSet<PrerequisiteEdge> PrerequisiteEdges => Set<PrerequisiteEdge>();
    public DbSet<Quiz> Quizzes => Set<Quiz>();
    public DbSet<QuizItem> QuizItems => Set<QuizItem>();
    public DbSet<QuizAttempt> Attempts => Set<QuizAttempt>();
    public DbSet<ItemResponse> ItemResponses => Set<ItemResponse>();
    public DbSet<Learner> Learners => Set<Learner>();
    public DbSet<MasteryState> MasteryStates => Set<MasteryState>();
    public DbSet<MasterySample> MasterySamples => Set<MasterySample>();
    public DbSet<WatchProgress> WatchProgress => Set<WatchProgress>();
    public DbSet<AskedQuestion> Questions => Set<AskedQuestion>();
    public DbSet<StoredStatement> Statements => Set<StoredStatement>();
    public DbSet<OutboxEntry> Outbox => Set<OutboxEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<LearningLecture>(lecture =>
        {
            lecture.HasKey(l => l.Id);
            lecture.Property(l => l.Id).HasMaxLength(128);
            lecture.Property(l => l.Title).HasMaxLength(300);
            lecture.Property(l => l.Language).HasMaxLength(16);
            lecture.HasIndex(l => l.Order);
        });
        builder.Entity<LectureSentence>(sentence =>
        {
            sentence.HasKey(s => new { s.LectureId, s.Index });
            sentence.Property(s => s.LectureId).HasMaxLength(128);
            sentence.HasOne<LearningLecture>().WithMany().HasForeignKey(s => s.LectureId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<KnowledgePoint>(point =>
        {
            point.Property(p => p.Key).HasMaxLength(200);
            point.Property(p => p.Label).HasMaxLength(200);
            point.Property(p => p.Language).HasMaxLength(16);
            point.HasIndex(p => new { p.Language, p.Key }).IsUnique();
            point.HasMany(p => p.Sources).WithOne(s => s.KnowledgePoint).HasForeignKey(s => s.KnowledgePointId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<KnowledgeSource>(source =>
        {
            source.Property(s => s.LectureId).HasMaxLength(128);
            source.Property(s => s.Label).HasMaxLength(200);
            source.Property(s => s.DefinitionKind).HasMaxLength(16);
            source.HasIndex(s => new { s.KnowledgePointId, s.LectureId }).IsUnique();
            source.HasIndex(s => s.LectureId);
        });
        builder.Entity<PrerequisiteEdge>(edge =>
        {
            edge.HasIndex(e => new { e.PrerequisiteId, e.PointId }).IsUnique();
            edge.HasIndex(e => e.PointId);
            edge.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
            edge.Property(e => e.DecidedBy).HasMaxLength(450);
            edge.HasOne<KnowledgePoint>().WithMany().HasForeignKey(e => e.PrerequisiteId).OnDelete(DeleteBehavior.Cascade);
            edge.HasOne<KnowledgePoint>().WithMany().HasForeignKey(e => e.PointId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Quiz>(quiz =>
        {
            quiz.Property(q => q.LectureId).HasMaxLength(128);
            quiz.Property(q => q.Title).HasMaxLength(300);
            quiz.Property(q => q.Language).HasMaxLength(16);
            quiz.Property(q => q.CreatedBy).HasMaxLength(450);
            quiz.Property(q => q.PublishedBy).HasMaxLength(450);
            quiz.Property(q => q.Status).HasConversion<string>().HasMaxLength(16);
            quiz.HasIndex(q => new { q.LectureId, q.Status });
            quiz.HasMany(q => q.Items).WithOne().HasForeignKey(i => i.QuizId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<QuizItem>(item =>
        {
            item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
            item.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            item.Property(i => i.Writer).HasMaxLength(16);
            item.Property(i => i.EditedBy).HasMaxLength(450);
        });
        builder.Entity<QuizAttempt>(attempt =>
        {
            attempt.Property(a => a.UserId).HasMaxLength(450);
            attempt.Property(a => a.Department).HasMaxLength(100);
            attempt.Property(a => a.LectureId).HasMaxLength(128);
            attempt.HasIndex(a => new { a.UserId, a.CompletedAt });
            attempt.HasIndex(a => a.LectureId);
            attempt.HasOne<Quiz>().WithMany().HasForeignKey(a => a.QuizId).OnDelete(DeleteBehavior.Restrict);
            attempt.HasMany(a => a.Responses).WithOne().HasForeignKey(r => r.AttemptId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ItemResponse>(response =>
        {
            response.Property(r => r.Mode).HasMaxLength(8);
            response.HasIndex(r => r.ItemId);
        });
        builder.Entity<Learner>(learner =>
        {
            learner.HasKey(l => l.UserId);
            learner.Property(l => l.UserId).HasMaxLength(450);
            learner.Property(l => l.Name).HasMaxLength(200);
            learner.Property(l => l.Department).HasMaxLength(100);
            learner.HasIndex(l => l.Department);
        });
        builder.Entity<MasteryState>(state =>
        {
            state.HasKey(m => new { m.UserId, m.KnowledgePointId });
            state.Property(m => m.UserId).HasMaxLength(450);
            state.HasIndex(m => m.KnowledgePointId);
            state.HasOne<KnowledgePoint>().WithMany().HasForeignKey(m => m.KnowledgePointId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<MasterySample>(sample =>
        {
            sample.Property(m => m.UserId).HasMaxLength(450);
            sample.HasIndex(m => new { m.UserId, m.At });
            sample.HasOne<KnowledgePoint>().WithMany().HasForeignKey(m => m.KnowledgePointId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<WatchProgress>(progress =>
        {
            progress.HasKey(p => new { p.UserId, p.LectureId });
            progress.Property(p => p.UserId).HasMaxLength(450);
            progress.Property(p => p.LectureId).HasMaxLength(128);
            progress.HasIndex(p => p.LectureId);
        });
        builder.Entity<AskedQuestion>(question =>
        {
            question.Property(q => q.Id).ValueGeneratedNever();
            question.Property(q => q.UserId).HasMaxLength(450);
            question.Property(q => q.Department).HasMaxLength(100);
            question.Property(q => q.Language).HasMaxLength(16);
            question.HasIndex(q => new { q.Department, q.AskedAt });
            question.HasIndex(q => q.UserId);
        });
        builder.Entity<StoredStatement>(statement =>
        {
            statement.HasKey(s => s.Sequence);
            statement.Property(s => s.Sequence).ValueGeneratedOnAdd();
            statement.HasIndex(s => s.Id).IsUnique();
            statement.Property(s => s.ActorKey).HasMaxLength(450);
            statement.Property(s => s.VerbId).HasMaxLength(300);
            statement.Property(s => s.ActivityId).HasMaxLength(500);
            statement.HasIndex(s => new { s.ActorKey, s.Stored });
            statement.HasIndex(s => new { s.VerbId, s.Stored });
            statement.HasIndex(s => s.Stored);
            statement.HasIndex(s => s.VoidedStatementId);
            statement.HasIndex(s => s.ActivityId);
        });
        builder.Entity<OutboxEntry>(entry =>
        {
            entry.HasKey(o => o.Sequence);
            entry.Property(o => o.Sequence).ValueGeneratedNever();
            entry.HasOne(o => o.Statement).WithOne().HasForeignKey<OutboxEntry>(o => o.Sequence).OnDelete(DeleteBehavior.Restrict);
            entry.HasIndex(o => new { o.Refused, o.Sequence });
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) => configuration.StoreDateTimesAsUtc();
}
