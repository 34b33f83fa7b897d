package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The usage text reads well at 80 columns: no line is longer, every command's summary in
 * harden --help is a whole sentence, and descriptions are written as paragraphs for picocli to
 * wrap (never broken by hand mid-sentence).
 */
class HelpTextTest {

    private static final int WIDTH = 80;

    private static CommandLine commandLine() {
        CommandLine commandLine = Main.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        commandLine.setUsageHelpAutoWidth(false);
        commandLine.setUsageHelpWidth(WIDTH);
        return commandLine;
    }

    private static List<CommandLine> everyCommand(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        root.getSubcommands().values().stream().distinct().forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    @Test
    void noHelpLineIsWiderThan80Columns() {
        for (CommandLine command : everyCommand(commandLine())) {
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String line : usage.split("\n")) {
                assertTrue(line.length() <= WIDTH, command.getCommandName() + ": " + line.length() + " columns: "
                        + line);
            }
        }
    }

    @Test
    void everySummaryIsOneWholeSentence() {
        for (CommandLine command : everyCommand(commandLine())) {
            // the command list shows the header when there is one (picocli's help command), else the description
            String[] header = command.getCommandSpec().usageMessage().header();
            String[] description = header.length > 0 ? header : command.getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0, command.getCommandName() + " has a description");
            String summary = description[0];
            assertTrue(Character.isUpperCase(summary.charAt(0)) && summary.endsWith("."),
                    command.getCommandName() + ": the summary is a sentence: " + summary);
        }
    }

    @Test
    void theCommandListOfHardenHelpEndsEverySummaryWithItsSentence() {
        Cli.Result help = Cli.run("--help");
        assertEquals(0, help.exitCode(), help.toString());
        List<String> entries = new ArrayList<>();
        boolean inCommands = false;
        for (String line : commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF).split("\n")) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.isBlank()) {
                break;
            } else if (inCommands && line.startsWith("  ") && !line.startsWith("   ")) {
                entries.add(line.strip());
            } else if (inCommands) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            }
        }
        assertTrue(entries.size() >= 10, entries.toString());
        for (String entry : entries) {
            assertTrue(entry.endsWith("."), "a whole sentence: " + entry);
        }
    }

    @Test
    void descriptionsAreParagraphsNotLinesBrokenByHand() {
        for (CommandLine command : everyCommand(commandLine())) {
            for (String text : command.getCommandSpec().usageMessage().description()) {
                String paragraph = text.replace("%n", "");
                if (paragraph.startsWith(" ")) {
                    continue; // an example, indented as it is typed (picocli's generate-completion has one)
                }
                assertFalse(!paragraph.isEmpty() && !paragraph.endsWith(".") && !paragraph.endsWith(":"),
                        command.getCommandName() + ": a paragraph ends its sentence: " + paragraph);
            }
        }
    }
}
