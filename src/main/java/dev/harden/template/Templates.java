package dev.harden.template;

import dev.harden.HardenException;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders Freemarker templates: a template in the desired-state repo's templates/ overrides
 * the built-in one of the same name. Hardened configuration: no {@code ?new}, no {@code ?api},
 * exceptions rethrown (a template error fails the plan for that host, with file and line).
 * Templates are repository content, so rendering is bounded: at most {@link #MAX_OUTPUT}
 * characters per file, and endless recursion or a value too large for memory becomes a
 * one-line error naming the template instead of ending the run.
 */
public final class Templates {

    private static final String BUILTIN = "/harden-builtin/templates";
    /** The most one rendered file may hold: far above any configuration harden writes. */
    static final int MAX_OUTPUT = 1024 * 1024;

    private final Configuration configuration;
    private final Set<String> overridden = new TreeSet<>();

    /** @param repoTemplates file name (relative to templates/) to bytes, from the snapshot */
    public Templates(Map<String, byte[]> repoTemplates) {
        StringTemplateLoader repo = new StringTemplateLoader();
        repoTemplates.forEach((name, bytes) -> {
            repo.putTemplate(name, new String(bytes, StandardCharsets.UTF_8));
            overridden.add(name);
        });
        configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {
            repo, new ClassTemplateLoader(Templates.class, BUILTIN)}));
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setAPIBuiltinEnabled(false);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setNumberFormat("computer");
        configuration.setBooleanFormat("c");
        configuration.setLocalizedLookup(false);
    }

    /** Renders {@code name} (e.g. "sshd_config.ftl") with the given data model. */
    public String render(String name, Map<String, Object> model) {
        BoundedWriter out = new BoundedWriter(MAX_OUTPUT);
        try {
            Template template = configuration.getTemplate(name);
            template.process(model, out);
            return out.toString();
        } catch (BoundedWriter.Full e) {
            throw new HardenException(at(e.template() != null ? e.template() : name, e.line())
                    + ": the rendered file would be larger than 1 MiB (" + MAX_OUTPUT + " characters);"
                    + " a loop in the template runs far too often?");
        } catch (TemplateNotFoundException e) {
            throw new HardenException("templates/" + name + ": no such template in the repository or built in");
        } catch (TemplateException e) {
            if (e.getCause() instanceof freemarker.core.ParseException included) { // an #include that does not parse
                throw parseError(included, name);
            }
            String source = e.getTemplateSourceName() != null ? e.getTemplateSourceName() : name;
            String blamed = e.getBlamedExpressionString() != null ? " " + e.getBlamedExpressionString() : "";
            String cause = e.getCause() instanceof IOException io ? " " + firstLine(io.getMessage()) : "";
            throw new HardenException(at(source, e.getLineNumber() == null ? 0 : e.getLineNumber()) + ": "
                    + firstLine(e.getMessageWithoutStackTop()) + blamed + cause);
        } catch (freemarker.core.ParseException e) {
            throw parseError(e, name);
        } catch (IOException e) {
            throw new HardenException(origin(name) + ": cannot read the template: " + e.getMessage());
        } catch (StackOverflowError e) {
            // Freemarker has no recursion limit; the stack is the limit, and it unwinds cleanly
            throw new HardenException(origin(name) + ": rendering recursed too deeply: a macro, function or #include"
                    + " calls itself without end (here or in a template this one includes); fix the template");
        } catch (OutOfMemoryError e) {
            // a template can build a huge value in memory (a string doubled in a loop) before writing any of it
            throw new HardenException(origin(name) + ": rendering ran out of memory: the template builds a value far"
                    + " too large (a loop or a string that keeps growing?); fix the template");
        }
    }

    private HardenException parseError(freemarker.core.ParseException e, String name) {
        String source = e.getTemplateName() != null ? e.getTemplateName() : name;
        return new HardenException(at(source, e.getLineNumber()) + ": " + firstLine(e.getEditorMessage()));
    }

    private String at(String template, int line) {
        return origin(template) + (line > 0 ? ":" + line : "");
    }

    /** Where a template comes from, for messages and plan headers. */
    public String origin(String name) {
        return overridden.contains(name) ? "templates/" + name : "built-in templates/" + name;
    }

    private static String firstLine(String message) {
        return message == null ? "template error" : message.strip().split("\n")[0];
    }
}
