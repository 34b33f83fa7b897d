package dev.harden.report;

import dev.harden.HardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** Report files, by their name: {@code .html} (or {@code .htm}) a page for people, {@code .xml} JUnit for CI. */
public final class ReportFiles {

    /** The report formats harden writes. */
    public enum Format { HTML, JUNIT }

    private ReportFiles() {
    }

    /** The format a file's name asks for; checked before any host is contacted. */
    public static Format formatOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return Format.HTML;
        }
        if (name.endsWith(".xml")) {
            return Format.JUNIT;
        }
        throw new HardenException("--report " + file + ": name the file .html (a page for people) or .xml (JUnit"
                + " XML, for CI)");
    }

    /** Writes {@code report} to {@code file} in the format its name asks for, replacing it whole or not at all. */
    public static void write(Path file, FleetReport report) {
        String content = formatOf(file) == Format.HTML ? HtmlReport.render(report) : JUnitReport.render(report);
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new HardenException("--report " + file + ": cannot write it (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temporary file is only left when the directory itself is failing
                }
            }
        }
    }
}
