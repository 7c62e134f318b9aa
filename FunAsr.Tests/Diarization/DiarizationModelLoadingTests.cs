using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.Tests.Diarization;

/// <summary>The published layouts load; anything else fails with a message naming the file and what is wrong.</summary>
public sealed class DiarizationModelLoadingTests
{
    private static string Bad(string name) => Path.Combine(DiarizationFixtures.Folder, "kat-bad", name);

    [Fact]
    public void The_segmentation_replica_loads_from_its_archive_folder_with_the_published_metadata()
    {
        using var model = PyannoteSegmentationModel.Open(DiarizationFixtures.Segmentation, DiarizationFixtures.Inference, NullLogger.Instance);

        Assert.Equal(Path.Combine(DiarizationFixtures.Segmentation, "model.onnx"), model.Path);
        Assert.Equal(new SegmentationModelInfo(16000, 160000, 991, 270, 3, 2, 7, "pyannote-segmentation-3.0", IsTestDouble: true), model.Info);
        Assert.Equal(589, model.Info.FramesPerWindow);
        Assert.Equal(991 / 32000.0, model.Info.FrameTime(0), 12);
    }

    [Theory]
    [InlineData("3d-speaker", SpeakerEmbeddingFramework.ThreeDSpeaker, 192)]
    [InlineData("wespeaker", SpeakerEmbeddingFramework.WeSpeaker, 256)]
    [InlineData("nemo", SpeakerEmbeddingFramework.NeMo, 192)]
    public void Embedding_contracts_are_told_apart_by_their_framework_metadata(string folder, SpeakerEmbeddingFramework framework, int dimension)
    {
        using var model = SpeakerEmbeddingModel.Open(DiarizationFixtures.Embedding(folder), DiarizationFixtures.Inference,
            SpeakerFeaturePreset.Sherpa, NullLogger.Instance);

        Assert.Equal((framework, dimension, "English", true), (model.Framework, model.Dimension, model.Language, model.IsTestDouble));
        float[] embedding = model.Compute(SyntheticMeeting.Utterance(1, SyntheticMeeting.HeldOutSentences[0]))!;
        Assert.Equal(dimension, embedding.Length);
        Assert.All(embedding, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData("segmentation-no-window-size.onnx", true, ModelLoadFailure.InvalidContents, "window_size")]
    [InlineData("segmentation-wrong-classes.onnx", true, ModelLoadFailure.InvalidContents, "num_classes 8")]
    [InlineData("embedding-unknown-framework.onnx", false, ModelLoadFailure.UnknownFamily, "speechbrain")]
    [InlineData("embedding-no-framework.onnx", false, ModelLoadFailure.InvalidContents, "framework")]
    [InlineData("embedding-wrong-dim.onnx", false, ModelLoadFailure.InvalidContents, "output_dim says 100")]
    [InlineData("embedding-8khz.onnx", false, ModelLoadFailure.InvalidContents, "sample_rate is 8000")]
    public void A_model_with_wrong_metadata_is_refused_by_name(string file, bool segmentation, ModelLoadFailure failure, string mentions)
    {
        var error = Assert.Throws<ModelLoadException>(() => Open(Bad(file), segmentation));

        Assert.Equal(failure, error.Failure);
        Assert.Contains(mentions, error.Message);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void Swapped_models_missing_paths_and_garbage_files_fail_clearly()
    {
        // An embedding model where segmentation is expected, and the other way round.
        Assert.Equal(ModelLoadFailure.MissingInput,
            Assert.Throws<ModelLoadException>(() => Open(DiarizationFixtures.Embedding("wespeaker"), segmentation: true)).Failure);
        Assert.Equal(ModelLoadFailure.InvalidContents,
            Assert.Throws<ModelLoadException>(() => Open(DiarizationFixtures.Segmentation, segmentation: false)).Failure);

        string folder = Directory.CreateTempSubdirectory("funasr-diarization-bad-").FullName;
        try
        {
            Assert.Equal(ModelLoadFailure.MissingFolder,
                Assert.Throws<ModelLoadException>(() => Open(Path.Combine(folder, "absent"), segmentation: true)).Failure);
            Assert.Equal(ModelLoadFailure.MissingFile, Assert.Throws<ModelLoadException>(() => Open(folder, segmentation: false)).Failure);
            File.WriteAllBytes(Path.Combine(folder, "a.onnx"), [1, 2, 3, 4, 5]);
            Assert.Equal(ModelLoadFailure.CorruptModel, Assert.Throws<ModelLoadException>(() => Open(folder, segmentation: false)).Failure);
            File.WriteAllBytes(Path.Combine(folder, "b.onnx"), [1, 2, 3]);
            var two = Assert.Throws<ModelLoadException>(() => Open(folder, segmentation: false));
            Assert.Contains("a.onnx, b.onnx", two.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_diarizer_needs_both_model_paths()
    {
        var error = Assert.Throws<ArgumentException>(() => SpeakerDiarizer.Open(
            new DiarizationOptions { SegmentationModelPath = DiarizationFixtures.Segmentation }, DiarizationFixtures.Inference, NullLoggerFactory.Instance));
        Assert.Contains("EmbeddingModelPath", error.Message);

        using var diarizer = DiarizationFixtures.Diarizer();
        Assert.True(diarizer.IsTestDouble);
    }

    private static IDisposable Open(string path, bool segmentation) => segmentation
        ? PyannoteSegmentationModel.Open(path, DiarizationFixtures.Inference, NullLogger.Instance)
        : SpeakerEmbeddingModel.Open(path, DiarizationFixtures.Inference, SpeakerFeaturePreset.Sherpa, NullLogger.Instance);
}
