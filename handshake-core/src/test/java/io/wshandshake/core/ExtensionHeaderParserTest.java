package io.wshandshake.core;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ExtensionHeaderParserTest {

    private static List<ExtensionElement> parse(String... lines) {
        return ExtensionHeaderParser.parseLines(List.of(lines));
    }

    @Test
    void rfc7692Section5ExampleOffer() {
        List<ExtensionElement> offers = parse(
                "permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate; "
                        + "client_max_window_bits");
        assertThat(offers).containsExactly(
                new ExtensionElement("permessage-deflate", List.of(ExtensionParameter.of("client_max_window_bits"),
                        ExtensionParameter.of("server_max_window_bits", "10"))),
                new ExtensionElement("permessage-deflate", List.of(ExtensionParameter.of("client_max_window_bits"))));
    }

    @Test
    void optionalWhitespaceAroundSeparators() {
        assertThat(parse(" \tfoo ;a = 1\t; b ,\tbar ")).containsExactly(
                new ExtensionElement("foo", List.of(ExtensionParameter.of("a", "1"), ExtensionParameter.of("b"))),
                new ExtensionElement("bar", List.of()));
    }

    @Test
    void emptyListElementsAreSkipped() {
        assertThat(parse(",foo,, ,bar,")).extracting(ExtensionElement::name).containsExactly("foo", "bar");
    }

    @Test
    void severalLinesAreOneListInOrder() {
        assertThat(parse("a; x=1", "b, c", " ")).extracting(ExtensionElement::name).containsExactly("a", "b", "c");
    }

    @Test
    void quotedValueIsUnescaped() {
        assertThat(parse("foo; a=\"10\"; b=\"x\\yz\"").get(0).parameters())
                .containsExactly(ExtensionParameter.of("a", "10"), ExtensionParameter.of("b", "xyz"));
    }

    @Test
    void namesAreKeptCaseSensitive() {
        assertThat(parse("Foo; Bar=Baz").get(0)).isEqualTo(
                new ExtensionElement("Foo", List.of(ExtensionParameter.of("Bar", "Baz"))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", ",", " , ,\t" })
    void emptyHeaderIsMalformed(String line) {
        assertThatExceptionOfType(HeaderSyntaxException.class).isThrownBy(() -> parse(line))
                .withMessageContaining("holds no extension");
    }

    @ParameterizedTest
    @ValueSource(strings = { "foo;=", "foo;", "foo; ", "foo;;a", "foo; a=", "foo; a=\"1", "foo; a=\"\"",
            "foo; a=\"b c\"", "foo; a=\"x,y\"", "foo; a=b c", "foo bar", "foo; a=b=c", ";foo", "=foo",
            "foo; a=\"\\\"", "foo\r\nbar", "f\u00f6o", "foo; a=\"\u0001\"", "foo; a=@" })
    void grammarViolations(String line) {
        assertThatExceptionOfType(HeaderSyntaxException.class).isThrownBy(() -> parse(line))
                .satisfies(ex -> assertThat(ex.getMessage()).contains("at index"));
    }

    @Test
    void errorNamesPositionAndEscapesTheCharacter() {
        assertThatExceptionOfType(HeaderSyntaxException.class).isThrownBy(() -> parse("foo;\u001b[31m"))
                .withMessage("expected parameter name at index 4, found \"\\x1b\"");
    }

    @Test
    void singleOfferRejectsAList() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> ExtensionElement.parse("a, b"))
                .withMessageContaining("exactly one extension, not 2");
    }

    @Test
    void buildFunctionRoundTrips() {
        ExtensionElement element = ExtensionElement.parse("permessage-deflate;client_max_window_bits;server_max_window_bits=\"12\"");
        assertThat(element.toString())
                .isEqualTo("permessage-deflate; client_max_window_bits; server_max_window_bits=12");
        assertThat(ExtensionElement.parse(element.toString())).isEqualTo(element);
    }
}
