namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Minimum-cost assignment of rows to columns of a rectangular cost matrix (Kuhn–Munkres with potentials, O(n³)),
/// the problem scipy.optimize.linear_sum_assignment solves. Used to map hypothesis speakers onto reference speakers
/// and named voices onto found speakers one to one.
/// </summary>
public static class HungarianAlgorithm
{
    /// <summary>For each row, the column it is assigned, or −1 when there are more rows than columns and it gets none.</summary>
    public static int[] Solve(double[,] cost)
    {
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        bool transpose = rows > cols;
        int n = transpose ? cols : rows, m = transpose ? rows : cols;
        double At(int i, int j) => transpose ? cost[j, i] : cost[i, j];

        // 1-based potentials u (rows), v (columns); way[j] is the previous column on the augmenting path.
        var u = new double[n + 1];
        var v = new double[m + 1];
        var match = new int[m + 1];
        var way = new int[m + 1];
        var minimum = new double[m + 1];
        var used = new bool[m + 1];
        for (int i = 1; i <= n; i++)
        {
            match[0] = i;
            int column = 0;
            Array.Fill(minimum, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[column] = true;
                int row = match[column], next = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    double reduced = At(row - 1, j - 1) - u[row] - v[j];
                    if (reduced < minimum[j])
                    {
                        minimum[j] = reduced;
                        way[j] = column;
                    }

                    if (minimum[j] < delta)
                    {
                        delta = minimum[j];
                        next = j;
                    }
                }

                for (int j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[match[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }

                column = next;
            }
            while (match[column] != 0);

            do
            {
                int previous = way[column];
                match[column] = match[previous];
                column = previous;
            }
            while (column != 0);
        }

        var assignment = new int[rows];
        Array.Fill(assignment, -1);
        for (int j = 1; j <= m; j++)
        {
            if (match[j] != 0)
            {
                if (transpose)
                {
                    assignment[j - 1] = match[j] - 1;
                }
                else
                {
                    assignment[match[j] - 1] = j - 1;
                }
            }
        }

        return assignment;
    }
}
