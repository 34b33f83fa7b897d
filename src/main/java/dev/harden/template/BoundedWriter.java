package dev.harden.template;

import freemarker.core.Environment;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.Writer;

/**
 * Collects a template's output up to a bound. Past it, it throws {@link Full}, which says which
 * template and line was writing, so a runaway loop stops at the bound with a message instead of
 * planning a file of any size.
 */
final class BoundedWriter extends Writer {

    /** The output outgrew the bound while {@code template} (a source name, when known) wrote at {@code line}. */
    static final class Full extends IOException {
        private final transient String template;
        private final int line;

        Full(String template, int line) {
            super("rendered output too large", null);
            this.template = template;
            this.line = line;
        }

        String template() {
            return template;
        }

        int line() {
            return line;
        }
    }

    private final StringBuilder text = new StringBuilder();
    private final int limit;

    BoundedWriter(int limit) {
        this.limit = limit;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        if (length > limit - text.length()) {
            throw full();
        }
        text.append(buffer, offset, length);
    }

    @Override
    public void write(String string, int offset, int length) throws IOException {
        if (length > limit - text.length()) {
            throw full();
        }
        text.append(string, offset, offset + length);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** Where the template is now: Freemarker's processing state for this thread. */
    private static Full full() {
        Environment environment = Environment.getCurrentEnvironment();
        if (environment == null) {
            return new Full(null, 0);
        }
        TemplateException here = new TemplateException("", environment);
        return new Full(here.getTemplateSourceName(), here.getLineNumber() == null ? 0 : here.getLineNumber());
    }
}
