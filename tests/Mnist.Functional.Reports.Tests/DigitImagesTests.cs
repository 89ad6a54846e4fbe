namespace Mnist.Functional.Reports.Tests;

public sealed class DigitImagesTests
{
    [Test]
    public void Indexer_Returns_Each_Image_In_Turn()
    {
        var images = new DigitImages(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, height: 2, width: 2);

        Assert.Multiple(() =>
        {
            Assert.That(images.Count, Is.EqualTo(2));
            Assert.That(images[1].ToArray(), Is.EqualTo(new byte[] { 5, 6, 7, 8 }));
            Assert.That(() => images[2].Length, Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void A_Partial_Image_Is_Refused()
    {
        Assert.That(() => new DigitImages(new byte[785]), Throws.ArgumentException.With.Message.Contains("785 bytes are not a whole number of 28×28 images"));
    }
}
