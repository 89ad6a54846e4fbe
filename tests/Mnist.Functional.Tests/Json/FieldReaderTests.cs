using System.Text.Json;
using Mnist.Functional.Json;

namespace Mnist.Functional.Tests.Json;

public sealed class FieldReaderTests
{
    private static FieldReader Reader(string json, string path = "outer")
    {
        var document = JsonDocument.Parse(json);
        return new FieldReader(document.RootElement, "file.json", path);
    }

    [Test]
    public void Fields_Are_Read_With_Their_Defaults_And_Checked_For_Type_And_Range()
    {
        var reader = Reader("""{ "count": 3, "rate": 0.5, "on": true, "name": "x", "whole": 2.0 }""");

        Assert.Multiple(() =>
        {
            Assert.That(reader.WholeNumber("count", 1, 10), Is.EqualTo(3));
            Assert.That(reader.WholeNumber("whole", 1, 10), Is.EqualTo(2));
            Assert.That(reader.WholeNumber("absent", 1, 10, 7), Is.EqualTo(7));
            Assert.That(reader.Number("rate", "a share", rate => rate < 1), Is.EqualTo(0.5));
            Assert.That(reader.Flag("on", false), Is.True);
            Assert.That(reader.Text("name"), Is.EqualTo("x"));
            Assert.That(() => reader.WholeNumber("count", 4, 10), Throws.TypeOf<DescriptionException>()
                .With.Message.EqualTo("file.json: the field 'outer.count' must be a whole number from 4 to 10, but it is the number 3.")
                .And.Property(nameof(DescriptionException.Field)).EqualTo("outer.count"));
            Assert.That(() => reader.Flag("name", false), Throws.TypeOf<DescriptionException>().With.Message.Contains("must be true or false, but it is the string \"x\""));
            Assert.That(() => reader.Text("missing"), Throws.TypeOf<DescriptionException>().With.Message.EqualTo("file.json: the field 'outer.missing' is missing; add it."));
        });
    }

    [Test]
    public void A_Field_Not_Read_Is_Named_With_A_Near_Miss()
    {
        var reader = Reader("""{ "kind": "x", "MaxNorm": 1 }""");
        reader.Text("kind");

        Assert.That(() => reader.NoOtherFields("a clip", ["max_norm"]), Throws.TypeOf<DescriptionException>().With.Message.EqualTo(
            "file.json: the field 'outer.MaxNorm' is a field that a clip does not have (did you mean max_norm?); its fields are max_norm. Remove it or correct its name."));
    }

    [Test]
    public void A_List_Has_Its_Length_Checked_Before_Its_Items_Are_Read()
    {
        var reader = Reader("""{ "items": [{}, {}, 3] }""");

        Assert.Multiple(() =>
        {
            Assert.That(() => reader.Objects("items", 0, 2), Throws.TypeOf<DescriptionException>().With.Message.Contains("must be a list of 0 to 2 items, but it is a list of 3"));
            Assert.That(() => reader.Objects("items", 0, 3).ToList(), Throws.TypeOf<DescriptionException>().With.Message.Contains("the field 'outer.items[2]' must be an object, { … }, but it is the number 3."));
        });
    }

    [Test]
    public void Text_From_The_File_Is_Shortened_And_Escaped_In_Messages() =>
        Assert.That(() => Reader("{ \"kind\": \"\\u001b[2J" + new string('a', 100) + "\" }").Choice("kind", ["relu"]),
            Throws.TypeOf<DescriptionException>().With.Message.Contains("\\u001b[2J").And.Message.Contains("…").And.Message.Not.Contains(new string('a', 60)));

    [TestCase("MaxNorm", "max_norm")]
    [TestCase("Beta1", "beta1")]
    [TestCase("FinalDivFactor", "final_div_factor")]
    [TestCase("Epsilon", "epsilon")]
    public void A_Property_Name_Becomes_Its_Field_Name(string property, string field) =>
        Assert.That(FieldReader.FieldName(property), Is.EqualTo(field));
}
