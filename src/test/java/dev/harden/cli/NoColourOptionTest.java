package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

/** --no-color holds for the command line it was given to, and not for the next one on the thread. */
class NoColourOptionTest {

    @Test
    void theOptionIsSetWhileParsingAndResetByTheNextParse() {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        Main.commandLine(none, none).parseArgs("plan", "--no-color");
        assertTrue(Terminal.noColourRequested());
        Main.commandLine(none, none).parseArgs("check");
        assertFalse(Terminal.noColourRequested(), "the next command line on the thread has colours again");
        Main.commandLine(none, none).parseArgs("status", "--no-color");
        assertTrue(Terminal.noColourRequested());
        Main.commandLine(none, none).parseArgs("apply");
        assertFalse(Terminal.noColourRequested());
    }
}
