namespace FunAsr.AsrService.Models;

/// <summary>What a first run needs to be told when only the known-answer test model is there, in one place.</summary>
public static class TestModelNotice
{
    /// <summary>The real model a newcomer should install: SenseVoiceSmall int8, sherpa-onnx export (models/manifest.json).</summary>
    public const string DefaultModel = "sherpa-sensevoice-int8-2024-07-17";

    public const string InstallCommand = "models/fetch " + DefaultModel + " --allow-unpinned";

    public const string Message =
        "The known-answer TEST model is loaded: it recognises synthetic tone words only and cannot recognise speech. "
        + "Install a real model with `" + InstallCommand + "`, then restart.";
}
