namespace FunAsr.Text.Sensitive;

/// <summary>The check-digit schemes that separate a real card, ID or account number from a number of the same shape.</summary>
public static class Checksums
{
    /// <summary>Luhn (ISO/IEC 7812-1 annex B): payment card numbers.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (d is < 0 or > 9)
            {
                return false;
            }
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return digits.Length > 0 && sum % 10 == 0;
    }

    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckCharacters = "10X98765432";

    /// <summary>The ISO 7064 MOD 11-2 check character of a mainland resident ID (GB 11643-1999) for its first 17 digits.</summary>
    public static char Mod11_2CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * IdWeights[i];
        }
        return IdCheckCharacters[sum % 11];
    }

    /// <summary>ISO 13616 / ISO 7064 MOD 97-10: the IBAN with its first four characters moved to the end, letters as 10–35, leaves 1.</summary>
    public static bool PassesIbanMod97(ReadOnlySpan<char> compactIban)
    {
        if (compactIban.Length < 5)
        {
            return false;
        }
        var remainder = 0;
        for (var n = 0; n < compactIban.Length; n++)
        {
            var c = char.ToUpperInvariant(compactIban[(n + 4) % compactIban.Length]);
            if (char.IsAsciiDigit(c))
            {
                remainder = (remainder * 10 + (c - '0')) % 97;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }
        return remainder == 1;
    }
}
