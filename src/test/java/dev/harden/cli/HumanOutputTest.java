package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harden.cli.HumanOutput.Colour;
import dev.harden.cli.HumanOutput.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What reaches the terminal: visible escapes for data, colour codes only from harden itself. */
class HumanOutputTest {

    @Test
    void controlCharactersAreShownVisibly() {
        assertEquals("\\x1b]0;t\\x07\\x1b[1A\\x1b[2K", HumanOutput.visible("\u001b]0;t\u0007\u001b[1A\u001b[2K"));
        assertEquals("a\\nb\\rc\\x00\\x08\\x7f", HumanOutput.visible("a\nb\rc\u0000\u0008\u007f"));
        assertEquals("\\u0085\\u009b2J\\u202eevil\\u2066\\u200f", HumanOutput.visible("\u0085\u009b2J\u202eevil\u2066\u200f"));
    }

    @Test
    void ordinaryTextIsUnchanged() {
        String text = "Port\t22  # Grüße, ✓, 日本, back\\slash, @|bold not markup|@";
        assertEquals(text, HumanOutput.visible(text));
    }

    @Test
    void colourOnlyAroundSpansAndNeverFromText() {
        StringWriter text = new StringWriter();
        HumanOutput out = new HumanOutput(new PrintWriter(text), true);
        out.line(Colour.RED.of("-\u001b[8mx"), Span.plain(" @|green y|@\n"));
        out.flush();
        assertEquals("\u001b[31m-\\x1b[8mx\u001b[0m @|green y|@\\n\n", text.toString());
    }

    @Test
    void noColourCodesWhenColourIsOff() {
        StringWriter text = new StringWriter();
        HumanOutput out = new HumanOutput(new PrintWriter(text), false);
        out.line(Colour.RED_BOLD.of("error:"), Span.plain(" x"));
        out.print("Continue? ");
        out.flush();
        assertEquals("error: x\nContinue? ", text.toString());
    }

    @Test
    void redrawReturnsToTheLineStartAndErasesWhatALongerLineLeft() {
        StringWriter text = new StringWriter();
        HumanOutput out = new HumanOutput(new PrintWriter(text), true);
        out.redraw(Span.plain("[1/2] web\u001b[2K1 "), Colour.CYAN.of("(connecting\r)"));
        assertEquals("\r[1/2] web\\x1b[2K1 \u001b[36m(connecting\\r)\u001b[0m\u001b[K", text.toString());
    }
}
