using FunAsr.Text.Subtitles;

namespace FunAsr.QaBot.Lectures;

public static class LectureRegistration
{
    /// <summary>Transcript corrections and the subtitle rules lectures are exported with (<c>QaBot:Subtitles</c>, the same defaults as the ASR service).</summary>
    public static IServiceCollection AddLectureEditing(this IServiceCollection services)
    {
        services.AddOptions<SubtitleRules>().BindConfiguration("QaBot:Subtitles").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LectureEditor>();
        return services;
    }
}
