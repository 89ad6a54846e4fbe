namespace Mnist.Functional.Reports.Tests;

public sealed class GreyPngTests
{
    [Test]
    public void Encoded_Image_Decodes_To_The_Same_Pixels()
    {
        // Given a 5×3 image with every kind of byte in it
        var pixels = new byte[] { 0, 1, 2, 3, 4, 127, 128, 200, 254, 255, 9, 8, 7, 6, 5 };

        // When it is encoded and read back
        var (width, height, decoded) = PngReader.ReadGrey(GreyPng.Encode(pixels, width: 5, height: 3));

        // Then size and pixels are as given
        Assert.That((width, height, decoded), Is.EqualTo((5, 3, pixels)));
    }

    [Test]
    public void Data_Uri_Carries_The_Png_In_Base64()
    {
        var pixels = new byte[28 * 28];
        var uri = GreyPng.ToDataUri(pixels, 28, 28);

        Assert.That(uri, Does.StartWith("data:image/png;base64,"));
        Assert.That(Convert.FromBase64String(uri["data:image/png;base64,".Length..]), Is.EqualTo(GreyPng.Encode(pixels, 28, 28)));
    }

    [Test]
    public void Wrong_Pixel_Count_Is_Refused()
    {
        Assert.That(() => GreyPng.Encode(new byte[10], 4, 4), Throws.ArgumentException.With.Message.Contains("needs 16 pixels"));
    }
}
