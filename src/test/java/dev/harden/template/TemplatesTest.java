package dev.harden.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import freemarker.template.TemplateMethodModelEx;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendering repository templates: errors name the template file and line, and output is bounded. */
class TemplatesTest {

    private static Templates repo(String... namesAndTexts) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            files.put(namesAndTexts[i], namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new Templates(files);
    }

    private static String error(Templates templates, String name, Map<String, Object> model) {
        String message = assertThrows(HardenException.class, () -> templates.render(name, model)).getMessage();
        assertEquals(1, message.lines().count(), "one line: " + message);
        return message;
    }

    @Test
    void ordinaryErrorsNameTemplateAndLine() {
        String message = error(repo("t.ftl", "Port 22\n${missing}\n"), "t.ftl", Map.of());
        assertEquals("templates/t.ftl:2: The following has evaluated to null or missing: missing", message);
    }

    @Test
    void anErrorInAnIncludedTemplateNamesThatTemplate() {
        Templates templates = repo("main.ftl", "a\n<#include \"part.ftl\">\n", "part.ftl", "x\ny\nz\n${missing}\n");
        String message = error(templates, "main.ftl", Map.of());
        assertTrue(message.startsWith("templates/part.ftl:4: "), message);
    }

    @Test
    void anIncludedTemplateThatDoesNotParseIsNamedWithItsLine() {
        Templates templates = repo("main.ftl", "a\n<#include \"part.ftl\">\n", "part.ftl", "x\ny\n<#if>\n");
        assertTrue(error(templates, "main.ftl", Map.of()).startsWith("templates/part.ftl:3: #if is an existing"
                + " directive, but the tag is malformed."));
        String missing = error(repo("main.ftl", "a\n<#include \"nope.ftl\">\n"), "main.ftl", Map.of());
        assertTrue(missing.startsWith("templates/main.ftl:2: Template inclusion failed"), missing);
        assertTrue(missing.contains("nope.ftl"), missing);
    }

    @Test
    void aMacroThatCallsItselfIsReportedNotAStackOverflow() {
        String message = error(repo("self.ftl", "<#macro m><@m/></#macro>\n<@m/>\n"), "self.ftl", Map.of());
        assertTrue(message.startsWith("templates/self.ftl: rendering recursed too deeply"), message);
    }

    @Test
    void aTemplateThatIncludesItselfIsReportedNotAStackOverflow() {
        String message = error(repo("self.ftl", "x\n<#include \"self.ftl\">\n"), "self.ftl", Map.of());
        assertTrue(message.startsWith("templates/self.ftl: rendering recursed too deeply"), message);
    }

    @Test
    void renderedOutputIsBoundedAndTheMessageNamesTemplateAndLine() {
        // 30 MB of output; refused after 1 MiB instead of being planned
        String message = error(repo("big.ftl", "# header\n<#list 1..3000000 as i>xxxxxxxxxx</#list>\n"), "big.ftl",
                Map.of());
        assertEquals("templates/big.ftl:2: the rendered file would be larger than 1 MiB (1048576 characters);"
                + " a loop in the template runs far too often?", message);
    }

    @Test
    void outputJustBelowTheBoundRenders() {
        String text = repo("ok.ftl", "<#list 1..1048 as i>${\"x\"?left_pad(999, \"x\")}\n</#list>").render("ok.ftl",
                Map.of());
        assertEquals(1048 * 1000, text.length());
    }

    @Test
    void runningOutOfMemoryWhileRenderingFailsThatRenderOnly() {
        TemplateMethodModelEx grow = arguments -> {
            throw new OutOfMemoryError("Java heap space");
        };
        Throwable thrown = null;
        try { // JUnit's assertThrows rethrows an OutOfMemoryError, which would end the test JVM
            repo("t.ftl", "a\n${grow()}\n").render("t.ftl", Map.of("grow", grow));
        } catch (Throwable t) {
            thrown = t;
        }
        assertTrue(thrown instanceof HardenException, "a HardenException, got " + thrown);
        assertTrue(thrown.getMessage().startsWith("templates/t.ftl: rendering ran out of memory"), thrown.getMessage());
    }
}
