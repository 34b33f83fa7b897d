package dev.harden.module;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Loads a module's on-host shell functions, kept as a resource beside the module's classes. */
public final class OnHostCode {

    private OnHostCode() {
    }

    public static String load(Class<?> module, String name) {
        try (InputStream in = module.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing beside " + module.getName() + " in the harden jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
