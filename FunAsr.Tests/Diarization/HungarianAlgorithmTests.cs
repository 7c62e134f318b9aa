using FunAsr.AsrService.Diarization;

namespace FunAsr.Tests.Diarization;

public sealed class HungarianAlgorithmTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(2, 5)]
    [InlineData(5, 2)]
    [InlineData(6, 6)]
    [InlineData(4, 7)]
    public void Finds_the_minimum_cost_assignment_a_brute_force_search_finds(int rows, int cols)
    {
        var random = new Random(rows * 31 + cols);
        for (int trial = 0; trial < 20; trial++)
        {
            var cost = new double[rows, cols];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    cost[i, j] = trial % 3 == 0 ? random.Next(0, 4) : random.NextDouble() * 10 - 5;
                }
            }

            int[] assignment = HungarianAlgorithm.Solve(cost);

            Assert.Equal(Math.Min(rows, cols), assignment.Count(a => a >= 0));
            Assert.Equal(assignment.Count(a => a >= 0), assignment.Where(a => a >= 0).Distinct().Count());
            double total = assignment.Select((j, i) => j >= 0 ? cost[i, j] : 0).Sum();
            Assert.Equal(BruteForce(cost), total, 9);
        }
    }

    private static double BruteForce(double[,] cost)
    {
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        double best = double.PositiveInfinity;
        void Search(int row, bool[] used, double sum, int left)
        {
            if (left == 0 || row == rows)
            {
                if (left == 0)
                {
                    best = Math.Min(best, sum);
                }

                return;
            }

            if (rows - row > left)
            {
                Search(row + 1, used, sum, left);
            }

            for (int j = 0; j < cols; j++)
            {
                if (!used[j])
                {
                    used[j] = true;
                    Search(row + 1, used, sum + cost[row, j], left - 1);
                    used[j] = false;
                }
            }
        }

        Search(0, new bool[cols], 0, Math.Min(rows, cols));
        return best;
    }
}
