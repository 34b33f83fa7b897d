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
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders Freemarker templates: a template in the desired-state repo's templates/ overrides
 * the built-in one of the same name. Hardened configuration: no {@code ?new}, no {@code ?api},
 * exceptions rethrown (a template error fails the plan for that host, with file and line).
 */
public final class Templates {

    private static final String BUILTIN = "/harden-builtin/templates";

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
        try {
            Template template = configuration.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (TemplateNotFoundException e) {
            throw new HardenException("templates/" + name + ": no such template in the repository or built in");
        } catch (TemplateException e) {
            String where = e.getLineNumber() != null ? ":" + e.getLineNumber() : "";
            throw new HardenException(origin(name) + where + ": " + firstLine(e.getMessageWithoutStackTop()));
        } catch (freemarker.core.ParseException e) {
            throw new HardenException(origin(name) + ":" + e.getLineNumber() + ": " + firstLine(e.getEditorMessage()));
        } catch (IOException e) {
            throw new HardenException(origin(name) + ": cannot read the template: " + e.getMessage());
        }
    }

    /** Where a template comes from, for messages and plan headers. */
    public String origin(String name) {
        return overridden.contains(name) ? "templates/" + name : "built-in templates/" + name;
    }

    private static String firstLine(String message) {
        return message == null ? "template error" : message.strip().split("\n")[0];
    }
}
