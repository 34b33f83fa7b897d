package dev.harden.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden: rendered output must match byte for byte.
 * After an intended template change, run the tests with -Dharden.golden.update=true, then
 * read the diff of the golden files before committing them.
 */
public final class Golden {

    private static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static void assertMatches(String name, byte[] actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("harden.golden.update")) {
                Files.createDirectories(DIR);
                Files.write(file, actual);
            }
            byte[] expected = Files.readAllBytes(file);
            assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8),
                    "rendered output differs from " + file);
            assertEquals(expected.length, actual.length, "byte length of " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + file, e);
        }
    }
}
