package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The generators the build runs at package time (see pom.xml) work on harden's command line: a
 * man page for every command, and a bash completion that knows every command and option; harden
 * generate-completion prints the same script.
 */
class ManPagesAndCompletionTest {

    @TempDir
    Path temp;

    private static CommandLine commandLine() {
        return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    @Test
    void everyCommandGetsAManPage() throws IOException {
        assertEquals(0, ManPageGenerator.generateManPage(temp.toFile(), null, new boolean[0], true,
                commandLine().getCommandSpec()));
        for (String command : commandLine().getSubcommands().keySet()) {
            Path page = temp.resolve("harden-" + command + ".adoc");
            assertTrue(Files.exists(page), page.toString());
        }
        String plan = Files.readString(temp.resolve("harden-plan.adoc"));
        assertTrue(plan.contains("harden-plan - Show what apply would change, and change nothing."), plan);
        assertTrue(plan.contains("*--out*=_FILE_"), plan);
    }

    @Test
    void theCompletionKnowsEveryCommandAndOption() {
        String script = AutoComplete.bash("harden", commandLine());
        for (String command : commandLine().getSubcommands().keySet()) {
            assertTrue(script.contains(command), command);
        }
        assertTrue(script.contains("--expires"), "options too");
        Cli.Result generated = Cli.run("generate-completion");
        assertEquals(0, generated.exitCode(), generated.toString());
        assertTrue(generated.out().contains("complete -F _complete_harden") || generated.out().contains(
                "_complete_harden"), generated.out().substring(0, 200));
    }
}
