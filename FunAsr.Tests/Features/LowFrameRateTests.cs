using FunAsr.AsrService.Features;

namespace FunAsr.Tests.Features;

public sealed class LowFrameRateTests
{
    [Theory]
    [InlineData(0, 6, 0)]
    [InlineData(1, 6, 1)]
    [InlineData(6, 6, 1)]
    [InlineData(7, 6, 2)]
    [InlineData(198, 6, 33)]
    [InlineData(10, 1, 10)]
    public void Output_count_is_ceil_of_input_over_shift(int input, int shift, int expected) =>
        Assert.Equal(expected, LowFrameRate.OutputFrameCount(input, shift));

    [Fact]
    public void Pads_left_with_first_frame_and_right_with_last_frame()
    {
        float[] frames = [0, 1, 2, 3, 4, 5, 6, 7];

        float[] lfr = LowFrameRate.Apply(frames, 8, 1, 7, 6);

        Assert.Equal([0, 0, 0, 0, 1, 2, 3, 3, 4, 5, 6, 7, 7, 7], lfr);
    }

    [Fact]
    public void Stacks_whole_rows_for_vad_window_five_shift_one()
    {
        float[] frames = [10, 11, 20, 21, 30, 31];

        float[] lfr = LowFrameRate.Apply(frames, 3, 2, 5, 1);

        Assert.Equal(
            [10, 11, 10, 11, 10, 11, 20, 21, 30, 31,
             10, 11, 10, 11, 20, 21, 30, 31, 30, 31,
             10, 11, 20, 21, 30, 31, 30, 31, 30, 31],
            lfr);
    }

    [Fact]
    public void No_frames_give_no_output()
    {
        Assert.Empty(LowFrameRate.Apply([], 0, 80, 7, 6));
    }
}
