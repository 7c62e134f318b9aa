using FunAsr.AsrService.Features;

namespace FunAsr.Tests.Features;

public sealed class CmvnTests
{
    [Fact]
    public void Loads_the_bracketed_values_of_am_mvn()
    {
        var cmvn = Cmvn.LoadKaldiNnet(FeatureFixtures.PathOf("am.mvn"));

        Assert.Equal(560, cmvn.Dimension);
        // Synthetic values written by make_fbank_fixtures.py: shift = -(10 + 3 sin(0.1 i)), scale = 0.25 + 0.05 cos(0.07 i).
        for (int i = 0; i < 560; i += 37)
        {
            Assert.Equal(-(10 + 3 * Math.Sin(0.1 * i)), cmvn.Shift[i], 1e-5);
            Assert.Equal(0.25 + 0.05 * Math.Cos(0.07 * i), cmvn.Scale[i], 1e-5);
        }
    }

    [Fact]
    public void Applies_shift_then_scale_to_every_row()
    {
        var cmvn = Cmvn.ParseKaldiNnet("""
            <Nnet>
            <Splice> 2 2
            [ 0 ]
            <AddShift> 2 2
            <LearnRateCoef> 0 [ -1 2.5 ]
            <Rescale> 2 2
            <LearnRateCoef> 0 [ 2 -0.5 ]
            </Nnet>
            """);
        float[] frames = [1, 1, 3, -2.5f];

        cmvn.ApplyInPlace(frames);

        Assert.Equal([0f, -1.75f, 4f, 0f], frames);
    }

    [Fact]
    public void Metadata_lists_are_parsed_with_invariant_culture()
    {
        var cmvn = Cmvn.FromMetadata("-1.5, 2e-1,3", "0.5,1,-2");
        float[] row = [1.5f, 0.8f, -3f];

        cmvn.ApplyInPlace(row);

        Assert.Equal(3, cmvn.Dimension);
        Assert.Equal([0f, 1f, 0f], row);
    }

    [Theory]
    [InlineData("1,2", "1")]
    [InlineData("1,x", "1,2")]
    [InlineData("", "1")]
    public void Bad_metadata_is_a_format_error(string negMean, string invStddev) =>
        Assert.Throws<FormatException>(() => Cmvn.FromMetadata(negMean, invStddev));

    [Theory]
    [InlineData("<Nnet> <Rescale> 2 2 <LearnRateCoef> 0 [ 1 1 ] </Nnet>", "<AddShift>")]
    [InlineData("<AddShift> 2 2 <LearnRateCoef> 0 [ 1 1 ] <Rescale> 2 2 <LearnRateCoef> 0 [ 1 ]", "has 2 values")]
    [InlineData("<AddShift> 1 1 <LearnRateCoef> 0 [ abc ] <Rescale> 1 1 <LearnRateCoef> 0 [ 1 ]", "'abc'")]
    [InlineData("<AddShift> 1 1 <LearnRateCoef> 0 1 <Rescale>", "bracketed")]
    public void Malformed_am_mvn_says_what_is_wrong(string text, string expectedInMessage)
    {
        var ex = Assert.Throws<FormatException>(() => Cmvn.ParseKaldiNnet(text));
        Assert.Contains(expectedInMessage, ex.Message);
    }

    [Fact]
    public void Missing_file_is_reported_by_path()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Cmvn.LoadKaldiNnet("/nonexistent/am.mvn"));
        Assert.Contains("/nonexistent/am.mvn", ex.Message);
    }

    [Fact]
    public void Rows_of_the_wrong_width_are_rejected()
    {
        var cmvn = Cmvn.FromMetadata("0,0,0", "1,1,1");
        Assert.Throws<ArgumentException>(() => cmvn.ApplyInPlace(new float[4]));
    }
}
