using System.Numerics;

namespace FunAsr.AsrService.Features;

/// <summary>
/// Power spectrum of a real signal of power-of-two length, computed as a half-length complex FFT
/// (iterative radix-2, precomputed twiddles) followed by the usual split step. Immutable; callers own the scratch.
/// </summary>
internal sealed class RealFft
{
    private readonly int _size;
    private readonly int _half;
    private readonly int[] _bitReverse;
    // Twiddles for every stage laid out stage after stage, so a butterfly group reads them contiguously.
    private readonly float[] _stageCos;
    private readonly float[] _stageSin;
    private readonly float[] _splitCos;
    private readonly float[] _splitSin;

    public RealFft(int size)
    {
        if (size < 8 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two of at least 8.");
        }

        _size = size;
        _half = size / 2;
        int bits = BitOperations.Log2((uint)_half);
        _bitReverse = new int[_half];
        for (int i = 0; i < _half; i++)
        {
            _bitReverse[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
        }

        _stageCos = new float[_half];
        _stageSin = new float[_half];
        for (int h = 1; h < _half; h <<= 1)
        {
            for (int j = 0; j < h; j++)
            {
                double angle = -Math.PI * j / h;
                _stageCos[h + j] = (float)Math.Cos(angle);
                _stageSin[h + j] = (float)Math.Sin(angle);
            }
        }

        _splitCos = new float[_half + 1];
        _splitSin = new float[_half + 1];
        for (int k = 0; k <= _half; k++)
        {
            double angle = -2.0 * Math.PI * k / size;
            _splitCos[k] = (float)Math.Cos(angle);
            _splitSin[k] = (float)Math.Sin(angle);
        }
    }

    public int Size => _size;

    /// <summary>Number of floats each of the two scratch spans must hold.</summary>
    public int ScratchLength => _half;

    /// <summary>Writes |X[k]|^2 for k = 0..size/2 into <paramref name="power"/>.</summary>
    public void PowerSpectrum(ReadOnlySpan<float> signal, Span<float> power, Span<float> re, Span<float> im)
    {
        int half = _half;
        re = re[..half];
        im = im[..half];
        for (int i = 0; i < half; i++)
        {
            int r = _bitReverse[i];
            re[r] = signal[2 * i];
            im[r] = signal[2 * i + 1];
        }

        Transform(re, im);

        // X[k] = E[k] + W^k O[k], where E and O are the spectra of the even and odd samples recovered from Z = E + iO.
        power[0] = (re[0] + im[0]) * (re[0] + im[0]);
        power[half] = (re[0] - im[0]) * (re[0] - im[0]);
        for (int k = 1; k < half; k++)
        {
            float zr = re[k], zi = im[k];
            float cr = re[half - k], ci = -im[half - k];
            float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci);
            float or = 0.5f * (zi - ci), oi = -0.5f * (zr - cr);
            float wr = _splitCos[k], wi = _splitSin[k];
            float xr = er + wr * or - wi * oi;
            float xi = ei + wr * oi + wi * or;
            power[k] = xr * xr + xi * xi;
        }
    }

    private void Transform(Span<float> re, Span<float> im)
    {
        int n = re.Length;
        int width = Vector<float>.Count;

        // The first two stages have trivial twiddles (1, then 1 and -i): one radix-4 pass without multiplications.
        for (int k = 0; k < n; k += 4)
        {
            float r0 = re[k], i0 = im[k], r1 = re[k + 1], i1 = im[k + 1];
            float r2 = re[k + 2], i2 = im[k + 2], r3 = re[k + 3], i3 = im[k + 3];
            float ar = r0 + r1, ai = i0 + i1, br = r0 - r1, bi = i0 - i1;
            float cr = r2 + r3, ci = i2 + i3, dr = r2 - r3, di = i2 - i3;
            re[k] = ar + cr;
            im[k] = ai + ci;
            re[k + 2] = ar - cr;
            im[k + 2] = ai - ci;
            // (dr + i di) * (-i) = di - i dr
            re[k + 1] = br + di;
            im[k + 1] = bi - dr;
            re[k + 3] = br - di;
            im[k + 3] = bi + dr;
        }

        for (int h = 4; h < n; h <<= 1)
        {
            ReadOnlySpan<float> wCos = _stageCos.AsSpan(h, h);
            ReadOnlySpan<float> wSin = _stageSin.AsSpan(h, h);
            if (h < width)
            {
                for (int start = 0; start < n; start += 2 * h)
                {
                    for (int j = 0; j < h; j++)
                    {
                        int a = start + j, b = a + h;
                        float wr = wCos[j], wi = wSin[j];
                        float tr = wr * re[b] - wi * im[b];
                        float ti = wr * im[b] + wi * re[b];
                        float ar = re[a], ai = im[a];
                        re[a] = ar + tr;
                        im[a] = ai + ti;
                        re[b] = ar - tr;
                        im[b] = ai - ti;
                    }
                }

                continue;
            }

            for (int start = 0; start < n; start += 2 * h)
            {
                Span<float> aRe = re.Slice(start, h), aIm = im.Slice(start, h);
                Span<float> bRe = re.Slice(start + h, h), bIm = im.Slice(start + h, h);
                for (int j = 0; j < h; j += width)
                {
                    var wr = new Vector<float>(wCos[j..]);
                    var wi = new Vector<float>(wSin[j..]);
                    var br = new Vector<float>(bRe[j..]);
                    var bi = new Vector<float>(bIm[j..]);
                    var ar = new Vector<float>(aRe[j..]);
                    var ai = new Vector<float>(aIm[j..]);
                    var tr = wr * br - wi * bi;
                    var ti = wr * bi + wi * br;
                    (ar + tr).CopyTo(aRe[j..]);
                    (ai + ti).CopyTo(aIm[j..]);
                    (ar - tr).CopyTo(bRe[j..]);
                    (ai - ti).CopyTo(bIm[j..]);
                }
            }
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
