using FunAsr.Text.Concepts;

namespace FunAsr.QaBot.Notes;

public static class NotesRegistration
{
    public static IServiceCollection AddNotes(this IServiceCollection services)
    {
        services.AddSingleton(new ConceptExtractor());
        services.AddSingleton<NotesLibrary>();
        services.AddSingleton<ExtractiveNotesBuilder>();
        services.AddSingleton<GenerativeNotesBuilder>();
        services.AddSingleton<NotesService>();
        return services;
    }
}
